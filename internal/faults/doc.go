// Package faults holds the fault suite (`make test-faults`): it runs the real `shop serve` binary against the
// sandbox started as its own process (`shop sandbox`, whose state survives the shop being killed), flips the
// sandbox's fault switches over its control endpoint, kills the shop at chosen points, and checks what the shop's
// database and Frotel's records say afterwards. The suite is in the test files; it runs only when
// SHOP_FAULT_SUITE=1, because it takes a minute or two.
package faults

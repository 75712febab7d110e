package catalog

import "encoding/binary"

// JPEGOrientation reads the EXIF orientation (1–8) of a JPEG file: phones store a photo as the sensor saw it and
// write here how it must be turned. 1 (as stored) when the file has none or anything about it is malformed.
//
// It reads only what it needs — the APP1 "Exif" segment's first directory and its 0x0112 entry — because the
// decoders of the Go image libraries ignore EXIF and the EXIF libraries for Go are large and parse everything
// the shop throws away. Every offset is bounds-checked; FuzzJPEGOrientation feeds it arbitrary bytes.
func JPEGOrientation(data []byte) int {
	if len(data) < 4 || data[0] != 0xFF || data[1] != 0xD8 {
		return 1
	}
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xFF {
			return 1
		}
		marker := data[i+1]
		switch {
		case marker == 0xFF: // fill byte before a marker
			i++
			continue
		case marker == 0x01 || marker >= 0xD0 && marker <= 0xD7: // markers without a length
			i += 2
			continue
		case marker == 0xDA || marker == 0xD9: // image data begins, or the file ends: no EXIF before it
			return 1
		}
		length := int(binary.BigEndian.Uint16(data[i+2:]))
		if length < 2 || i+2+length > len(data) {
			return 1
		}
		segment := data[i+4 : i+2+length]
		if marker == 0xE1 && len(segment) >= 6 && string(segment[:6]) == "Exif\x00\x00" {
			return tiffOrientation(segment[6:])
		}
		i += 2 + length
	}
	return 1
}

// tiffOrientation reads the orientation entry of a TIFF header's first directory (EXIF's layout).
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var order binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		order = binary.LittleEndian
	case "MM":
		order = binary.BigEndian
	default:
		return 1
	}
	if order.Uint16(t[2:]) != 42 {
		return 1
	}
	ifd := uint64(order.Uint32(t[4:]))
	if ifd+2 > uint64(len(t)) {
		return 1
	}
	n := uint64(order.Uint16(t[ifd:]))
	for k := uint64(0); k < n; k++ {
		e := ifd + 2 + k*12
		if e+12 > uint64(len(t)) {
			return 1
		}
		const orientationTag, shortType = 0x0112, 3
		if order.Uint16(t[e:]) != orientationTag {
			continue
		}
		if order.Uint16(t[e+2:]) != shortType || order.Uint32(t[e+4:]) != 1 {
			return 1
		}
		if v := int(order.Uint16(t[e+8:])); v >= 1 && v <= 8 {
			return v
		}
		return 1
	}
	return 1
}

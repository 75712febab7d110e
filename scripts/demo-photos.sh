#!/bin/sh
# Makes the demo catalog's photos (internal/catalog/demophotos/NAME-SIZE.jpg) from the bundled drawings in
# web/static/img, with headless Chromium: each drawing on a background, some as close-ups and in other shapes, so
# the demo shows square, landscape and portrait photos and products with three. Run it again only to change
# them; the files are committed (catalog.DemoPhotos embeds them).
set -eu
cd "$(dirname "$0")/.."
out=internal/catalog/demophotos
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# name drawing width height background drawing-width(%) x(%) y(%)
while read -r name svg w h bg size x y; do
	[ -n "$name" ] || continue
	cat >"$tmp/page.html" <<HTML
<!doctype html><html><body style="margin:0;width:${w}px;height:${h}px;overflow:hidden;background:${bg}">
<img src="file://$PWD/web/static/img/${svg}.svg" style="position:absolute;width:${size}%;left:${x}%;top:${y}%;transform:translate(-50%,-50%);filter:drop-shadow(0 18px 24px rgba(0,0,0,.18))">
</body></html>
HTML
	chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars --no-first-run \
		--user-data-dir="$tmp/profile" --window-size="$w,$h" --screenshot="$tmp/$name.png" "file://$tmp/page.html" 2>/dev/null
done <<'LIST'
saffron-1 saffron 900 900 radial-gradient(circle,#fff8e6,#f3d9a4) 62 50 50
saffron-2 saffron 1200 800 linear-gradient(135deg,#7a1020,#c0392b) 95 60 58
saffron-3 saffron 800 1000 linear-gradient(#ffffff,#efe7da) 55 50 62
teapot-1 teapot 900 900 radial-gradient(circle,#ffffff,#dde8f0) 64 50 50
teapot-2 teapot 1200 800 linear-gradient(90deg,#f6efe3,#e2d3bb) 150 38 60
teapot-3 teapot 800 1000 linear-gradient(#e9f1f7,#c9d9e6) 70 50 55
rug-1 rug 1200 800 linear-gradient(#f4efe7,#e4d8c6) 60 50 50
rug-2 rug 900 900 #8d2a1f 170 42 42
rug-3 rug 800 1000 linear-gradient(#fbfaf7,#ece6dc) 85 50 50
tea tea 900 900 radial-gradient(circle,#ffffff,#dcefdc) 62 50 50
notebook notebook 900 900 radial-gradient(circle,#ffffff,#efe3d3) 62 50 50
ebook ebook 900 900 radial-gradient(circle,#ffffff,#e3e8f5) 62 50 50
course course 900 900 radial-gradient(circle,#ffffff,#f2e6f2) 62 50 50
service-install service-install 900 900 radial-gradient(circle,#ffffff,#e0eef0) 62 50 50
service-consult service-consult 900 900 radial-gradient(circle,#ffffff,#f5ece0) 62 50 50
tshirt-1 tshirt 900 900 radial-gradient(circle,#ffffff,#e4ecf7) 62 50 50
tshirt-2 tshirt 1200 800 linear-gradient(135deg,#1f3a5f,#3d6a9e) 120 55 62
tshirt-3 tshirt 800 1000 linear-gradient(#fdfbf7,#ece4d6) 70 50 55
LIST
# Each drawing is prepared as an upload is (catalog.PreparePhoto) and its sizes kept, so seeding a new shop
# only copies bytes: preparing eighteen photos takes a second here, and a minute under the race detector.
# (Written aside first: package catalog embeds the folder's files and must build while they are made.)
mkdir "$tmp/out"
GOTOOLCHAIN=${GOTOOLCHAIN:-go1.27.3} go run internal/catalog/demophotos/prepare.go "$tmp/out" "$tmp"/*.png
rm -f "$out"/*.jpg
mv "$tmp/out"/*.jpg "$out"/
ls -l "$out"

package photos

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/draw"
)

// Phones often store a photo as the sensor saw it and record in EXIF how to
// turn it for display. Since Save drops EXIF, it turns the pixels first.
// The parsers below read only the one tag they need, and check every
// offset against the data, which comes from the upload.

// exifPrefix starts the EXIF payload of a JPEG APP1 segment.
var exifPrefix = []byte("Exif\x00\x00")

// jpegOrientation returns the EXIF orientation (1 to 8) recorded in a JPEG,
// or 1 if there is none or it cannot be read.
func jpegOrientation(b []byte) int {
	if len(b) < 4 || b[0] != 0xFF || b[1] != 0xD8 {
		return 1
	}
	for i := 2; i+4 <= len(b); {
		if b[i] != 0xFF {
			return 1
		}
		m := b[i+1]
		if m == 0xFF { // fill byte
			i++
			continue
		}
		i += 2
		switch {
		case m == 0x01 || m == 0xD8 || (m >= 0xD0 && m <= 0xD7):
			continue // markers without a length
		case m == 0xDA || m == 0xD9:
			return 1 // the scan or the end: no more metadata segments
		}
		n := int(b[i])<<8 | int(b[i+1])
		if n < 2 || i+n > len(b) {
			return 1
		}
		if seg := b[i+2 : i+n]; m == 0xE1 && bytes.HasPrefix(seg, exifPrefix) {
			return tiffOrientation(seg[len(exifPrefix):])
		}
		i += n
	}
	return 1
}

// webpOrientation returns the EXIF orientation (1 to 8) in the EXIF chunk
// of a WebP file, or 1 if there is none or it cannot be read.
func webpOrientation(b []byte) int {
	const header = 12 // "RIFF", size, "WEBP"
	for i := header; i+8 <= len(b); {
		id := string(b[i : i+4])
		n := int64(binary.LittleEndian.Uint32(b[i+4:]))
		i += 8
		if n > int64(len(b)-i) {
			return 1
		}
		if id == "EXIF" {
			// Some writers keep the JPEG APP1 prefix in the chunk.
			return tiffOrientation(bytes.TrimPrefix(b[i:i+int(n)], exifPrefix))
		}
		i += int(n + n&1) // chunks are padded to an even length
	}
	return 1
}

// tiffOrientation returns the Orientation tag (0x0112) of the first IFD of
// the TIFF structure that EXIF data is, or 1.
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 1
	}
	if bo.Uint16(t[2:]) != 42 {
		return 1
	}
	off := int64(bo.Uint32(t[4:]))
	if off < 8 || off+2 > int64(len(t)) {
		return 1
	}
	count := int64(bo.Uint16(t[off:]))
	for k := int64(0); k < count; k++ {
		e := off + 2 + 12*k
		if e+12 > int64(len(t)) {
			return 1
		}
		if bo.Uint16(t[e:]) != 0x0112 {
			continue
		}
		const typeShort = 3
		if bo.Uint16(t[e+2:]) != typeShort || bo.Uint32(t[e+4:]) != 1 {
			return 1
		}
		if v := int(bo.Uint16(t[e+8:])); v >= 1 && v <= 8 {
			return v
		}
		return 1
	}
	return 1
}

// forJPEG returns img turned by the EXIF orientation and without
// transparency (laid on white), in a form the JPEG encoder writes quickly.
func forJPEG(img image.Image, orientation int) image.Image {
	if orientation == 1 && isOpaque(img) {
		switch img.(type) {
		case *image.YCbCr, *image.Gray, *image.RGBA:
			return img // the encoder reads these directly
		}
	}
	b := img.Bounds()
	flat := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	if isOpaque(img) {
		draw.Draw(flat, flat.Rect, img, b.Min, draw.Src)
	} else {
		draw.Draw(flat, flat.Rect, image.White, image.Point{}, draw.Src)
		draw.Draw(flat, flat.Rect, img, b.Min, draw.Over)
	}
	return orient(flat, orientation)
}

// isOpaque tells whether img has no transparent or translucent pixel.
func isOpaque(img image.Image) bool {
	o, ok := img.(interface{ Opaque() bool })
	return ok && o.Opaque()
}

// orient turns src, whose bounds start at (0, 0), by an EXIF orientation:
// 2 mirrors it, 3 turns it half round, 4 flips it, 5 transposes it, 6 turns
// it a quarter clockwise, 7 transverses it and 8 turns it a quarter
// anticlockwise. 1, or any other value, leaves it as it is.
func orient(src *image.RGBA, orientation int) *image.RGBA {
	w, h := src.Rect.Dx(), src.Rect.Dy()
	// The pixel at (x, y) goes to (ax*x + bx*y + cx, ay*x + by*y + cy).
	var ax, bx, cx, ay, by, cy int
	switch orientation {
	case 2:
		ax, cx, by = -1, w-1, 1
	case 3:
		ax, cx, by, cy = -1, w-1, -1, h-1
	case 4:
		ax, by, cy = 1, -1, h-1
	case 5:
		bx, ay = 1, 1
	case 6:
		bx, cx, ay = -1, h-1, 1
	case 7:
		bx, cx, ay, cy = -1, h-1, -1, w-1
	case 8:
		bx, ay, cy = 1, -1, w-1
	default:
		return src
	}
	dw, dh := w, h
	if orientation >= 5 {
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := 0; y < h; y++ {
		row := src.Pix[y*src.Stride : y*src.Stride+4*w]
		for x := 0; x < w; x++ {
			dx, dy := ax*x+bx*y+cx, ay*x+by*y+cy
			d := dy*dst.Stride + 4*dx
			copy(dst.Pix[d:d+4], row[4*x:4*x+4])
		}
	}
	return dst
}

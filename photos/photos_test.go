package photos

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"testing/iotest"

	"wutong/apperr"
)

// ---- images made for the tests ----

// pattern is a w×h image whose colours vary across it, so that a lossless
// round trip can be checked pixel by pixel.
func pattern(w, h int) *image.NRGBA {
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			m.SetNRGBA(x, y, color.NRGBA{uint8(x * 7), uint8(y * 13), uint8(x ^ y), 255})
		}
	}
	return m
}

// quadrants is a w×h image whose quarters are red (top left), green (top
// right), blue (bottom left) and white (bottom right).
func quadrants(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var c color.RGBA
			switch {
			case x < w/2 && y < h/2:
				c = red
			case y < h/2:
				c = green
			case x < w/2:
				c = blue
			default:
				c = white
			}
			m.SetRGBA(x, y, c)
		}
	}
	return m
}

var (
	red   = color.RGBA{255, 0, 0, 255}
	green = color.RGBA{0, 255, 0, 255}
	blue  = color.RGBA{0, 0, 255, 255}
	white = color.RGBA{255, 255, 255, 255}
)

func encodePNG(t *testing.T, m image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encodeJPEG(t *testing.T, m image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// pngChunk is one PNG chunk: length, type, data and CRC.
func pngChunk(typ string, data []byte) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.BigEndian, uint32(len(data)))
	b.WriteString(typ)
	b.Write(data)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	return b.Bytes()
}

// withPNGChunks inserts chunks right after the IHDR chunk of a PNG.
func withPNGChunks(p []byte, chunks ...[]byte) []byte {
	const afterIHDR = 8 + 8 + 13 + 4
	out := append([]byte{}, p[:afterIHDR]...)
	for _, c := range chunks {
		out = append(out, c...)
	}
	return append(out, p[afterIHDR:]...)
}

// exifTIFF is little-endian TIFF data as EXIF holds it: IFD0 with an
// Orientation tag (if orientation > 0) and a pointer to a GPS IFD that
// holds a latitude reference and a processing method naming marker.
func exifTIFF(orientation int, marker string) []byte {
	le := binary.LittleEndian
	var b []byte
	b = append(b, 'I', 'I')
	b = le.AppendUint16(b, 42)
	b = le.AppendUint32(b, 8) // IFD0 right after the header
	entry := func(tag, typ uint16, count, value uint32) {
		b = le.AppendUint16(b, tag)
		b = le.AppendUint16(b, typ)
		b = le.AppendUint32(b, count)
		b = le.AppendUint32(b, value)
	}
	n := 1
	if orientation > 0 {
		n = 2
	}
	gpsIFD := uint32(8 + 2 + 12*n + 4)
	b = le.AppendUint16(b, uint16(n))
	if orientation > 0 {
		entry(0x0112, 3, 1, uint32(orientation)) // Orientation, SHORT
	}
	entry(0x8825, 4, 1, gpsIFD) // GPSInfo IFD pointer, LONG
	b = le.AppendUint32(b, 0)   // no next IFD
	markerAt := gpsIFD + 2 + 12*2 + 4
	b = le.AppendUint16(b, 2)
	entry(0x0001, 2, 2, uint32('N'))                // GPSLatitudeRef "N"
	entry(0x001B, 7, uint32(len(marker)), markerAt) // GPSProcessingMethod
	b = le.AppendUint32(b, 0)
	return append(b, marker...)
}

// withAPP1 inserts an APP1 segment holding payload right after a JPEG's SOI.
func withAPP1(j, payload []byte) []byte {
	seg := []byte{0xFF, 0xE1}
	seg = binary.BigEndian.AppendUint16(seg, uint16(len(payload)+2))
	seg = append(seg, payload...)
	out := append([]byte{}, j[:2]...)
	out = append(out, seg...)
	return append(out, j[2:]...)
}

// jpegMarkers lists the markers of a JPEG up to its first scan.
func jpegMarkers(t *testing.T, j []byte) []byte {
	t.Helper()
	var ms []byte
	for i := 2; i+4 <= len(j); {
		if j[i] != 0xFF {
			t.Fatalf("no marker at %d", i)
		}
		m := j[i+1]
		ms = append(ms, m)
		if m == 0xDA {
			return ms
		}
		i += 2 + int(binary.BigEndian.Uint16(j[i+2:]))
	}
	t.Fatal("no scan")
	return nil
}

// bitWriter writes the least significant bit first, as VP8L is read.
type bitWriter struct {
	buf []byte
	n   uint
}

func (w *bitWriter) put(v uint32, bits int) {
	for i := 0; i < bits; i++ {
		if w.n%8 == 0 {
			w.buf = append(w.buf, 0)
		}
		w.buf[len(w.buf)-1] |= byte(v>>i&1) << (w.n % 8)
		w.n++
	}
}

// vp8lSolid is a lossless WebP bitstream (the VP8L chunk's payload) of a
// w×h image of one colour: no transforms, no colour cache, and five prefix
// codes of one symbol each (green, red, blue, alpha, distance), so that
// every pixel takes no bits at all.
func vp8lSolid(w, h int, c color.NRGBA) []byte {
	var bw bitWriter
	bw.put(0x2f, 8) // signature
	bw.put(uint32(w-1), 14)
	bw.put(uint32(h-1), 14)
	if c.A == 255 {
		bw.put(0, 1) // alpha hint
	} else {
		bw.put(1, 1)
	}
	bw.put(0, 3) // version
	bw.put(0, 1) // no transform
	bw.put(0, 1) // no colour cache
	bw.put(0, 1) // no meta prefix codes
	for _, v := range []uint8{c.G, c.R, c.B, c.A} {
		bw.put(1, 1) // simple code
		bw.put(0, 1) // of one symbol
		bw.put(1, 1) // written in 8 bits
		bw.put(uint32(v), 8)
	}
	bw.put(1, 1) // distance: simple code
	bw.put(0, 1) // of one symbol
	bw.put(0, 1) // written in 1 bit
	bw.put(0, 1) // symbol 0
	return bw.buf
}

// riffChunk is one RIFF chunk, padded to an even length.
func riffChunk(id string, data []byte) []byte {
	b := append([]byte(id), binary.LittleEndian.AppendUint32(nil, uint32(len(data)))...)
	b = append(b, data...)
	if len(data)%2 == 1 {
		b = append(b, 0)
	}
	return b
}

// webpFile wraps chunks in the RIFF WEBP header.
func webpFile(chunks ...[]byte) []byte {
	body := []byte("WEBP")
	for _, c := range chunks {
		body = append(body, c...)
	}
	return append(append([]byte("RIFF"), binary.LittleEndian.AppendUint32(nil, uint32(len(body)))...), body...)
}

// vp8x is the extended-format header chunk for a w×h canvas.
func vp8x(w, h int, flags byte) []byte {
	d := make([]byte, 10)
	d[0] = flags
	d[4], d[5], d[6] = byte(w-1), byte((w-1)>>8), byte((w-1)>>16)
	d[7], d[8], d[9] = byte(h-1), byte((h-1)>>8), byte((h-1)>>16)
	return riffChunk("VP8X", d)
}

// ---- helpers ----

func newStore(t *testing.T, maxBytes int64, maxPixels int) *Store {
	t.Helper()
	s, err := New(t.TempDir(), maxBytes, maxPixels)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func save(t *testing.T, s *Store, data []byte) Photo {
	t.Helper()
	p, err := s.Save(bytes.NewReader(data), "photos.0")
	if err != nil {
		t.Fatalf("Save: %v", err)
	}
	return p
}

// stored reads a saved photo's file and checks the Photo describes it.
func stored(t *testing.T, s *Store, p Photo) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(s.Dir, p.Key[:2], p.Key))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	if h := hex.EncodeToString(sum[:]); p.SHA256 != h || p.Key[:64] != h {
		t.Errorf("SHA256 %s, key %s; file's sha256 is %s", p.SHA256, p.Key, h)
	}
	if p.Size != int64(len(b)) {
		t.Errorf("Size %d, file has %d bytes", p.Size, len(b))
	}
	if got := http.DetectContentType(b); got != p.ContentType {
		t.Errorf("ContentType %s, file is %s", p.ContentType, got)
	}
	return b
}

// wantKind checks err is an *apperr.Error of kind k for field.
func wantKind(t *testing.T, err error, k apperr.Kind, field string) *apperr.Error {
	t.Helper()
	var ae *apperr.Error
	if !errors.As(err, &ae) {
		t.Fatalf("error %v (%T), want *apperr.Error", err, err)
	}
	if ae.Kind != k || ae.Field != field {
		t.Fatalf("error kind %s field %q (%v), want %s field %q", ae.Kind, ae.Field, ae, k, field)
	}
	return ae
}

// files lists the files under dir.
func files(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func near(a, b color.Color) bool {
	r1, g1, b1, _ := a.RGBA()
	r2, g2, b2, _ := b.RGBA()
	d := func(x, y uint32) bool { return x>>8 <= y>>8+24 && y>>8 <= x>>8+24 }
	return d(r1, r2) && d(g1, g2) && d(b1, b2)
}

// ---- tests ----

func TestNew(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "a", "photos")
	s, err := New(dir, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if s.Dir != dir || s.MaxBytes != 10<<20 || s.MaxPixels != 40_000_000 {
		t.Errorf("New = %+v, want defaults 10 MiB and 40 MP", s)
	}
	fi, err := os.Stat(dir)
	if err != nil || !fi.IsDir() {
		t.Fatalf("directory not made: %v", err)
	}
	if perm := fi.Mode().Perm(); perm&^0o750 != 0 {
		t.Errorf("directory mode %o, want at most 0750", perm)
	}
	if s, err := New(dir, 123, 456); err != nil || s.MaxBytes != 123 || s.MaxPixels != 456 {
		t.Errorf("New on an existing directory = %+v, %v", s, err)
	}
	if _, err := New("", 0, 0); err == nil {
		t.Error("New with no directory: no error")
	}
}

func TestSavePNGLossless(t *testing.T) {
	t.Parallel()
	s := newStore(t, 0, 0)
	src := pattern(40, 30)
	p := save(t, s, encodePNG(t, src))
	if !strings.HasSuffix(p.Key, ".png") || p.ContentType != "image/png" || p.Width != 40 || p.Height != 30 {
		t.Fatalf("Save = %+v", p)
	}
	got, err := png.Decode(bytes.NewReader(stored(t, s, p)))
	if err != nil {
		t.Fatal(err)
	}
	for y := 0; y < 30; y++ {
		for x := 0; x < 40; x++ {
			if a, b := color.NRGBAModel.Convert(got.At(x, y)), src.At(x, y); a != b {
				t.Fatalf("pixel (%d,%d) = %v, want %v", x, y, a, b)
			}
		}
	}
}

func TestSaveJPEG(t *testing.T) {
	t.Parallel()
	s := newStore(t, 0, 0)
	p := save(t, s, encodeJPEG(t, quadrants(64, 48)))
	if !strings.HasSuffix(p.Key, ".jpg") || p.ContentType != "image/jpeg" || p.Width != 64 || p.Height != 48 {
		t.Fatalf("Save = %+v", p)
	}
	got, err := jpeg.Decode(bytes.NewReader(stored(t, s, p)))
	if err != nil {
		t.Fatal(err)
	}
	if c := got.At(8, 8); !near(c, red) {
		t.Errorf("top left is %v, want red", c)
	}
	if c := got.At(56, 40); !near(c, white) {
		t.Errorf("bottom right is %v, want white", c)
	}
}

func TestSaveDropsEXIFAndTrailer(t *testing.T) {
	t.Parallel()
	s := newStore(t, 0, 0)
	const gps, appended = "GPS-31.2304N-121.4737E", "APPENDED-SECRET"
	j := withAPP1(encodeJPEG(t, pattern(32, 32)), append([]byte("Exif\x00\x00"), exifTIFF(0, gps)...))
	j = append(j, appended...)
	if !bytes.Contains(j, []byte(gps)) || jpegMarkers(t, j)[0] != 0xE1 {
		t.Fatal("the test's JPEG has no EXIF")
	}
	if _, err := jpeg.Decode(bytes.NewReader(j)); err != nil {
		t.Fatalf("the test's JPEG does not decode: %v", err)
	}
	b := stored(t, s, save(t, s, j))
	for _, bad := range []string{"Exif", gps, appended} {
		if bytes.Contains(b, []byte(bad)) {
			t.Errorf("stored photo still holds %q", bad)
		}
	}
	for _, m := range jpegMarkers(t, b) {
		if m >= 0xE0 && m <= 0xEF || m == 0xFE {
			t.Errorf("stored photo has an APP or COM segment %#x", m)
		}
	}
	if !bytes.HasSuffix(b, []byte{0xFF, 0xD9}) {
		t.Error("stored photo does not end at EOI")
	}
}

func TestSaveDropsPNGMetadataAndTrailer(t *testing.T) {
	t.Parallel()
	s := newStore(t, 0, 0)
	const gps, comment, appended = "GPS-31.2304N", "a comment", "PK\x03\x04hidden.zip"
	p := withPNGChunks(encodePNG(t, pattern(8, 8)),
		pngChunk("eXIf", exifTIFF(0, gps)),
		pngChunk("tEXt", []byte("Comment\x00"+comment)))
	p = append(p, appended...)
	if _, err := png.Decode(bytes.NewReader(p)); err != nil {
		t.Fatalf("the test's PNG does not decode: %v", err)
	}
	b := stored(t, s, save(t, s, p))
	for _, bad := range []string{"eXIf", "tEXt", gps, comment, appended} {
		if bytes.Contains(b, []byte(bad)) {
			t.Errorf("stored photo still holds %q", bad)
		}
	}
	if !bytes.HasSuffix(b, pngChunk("IEND", nil)) {
		t.Error("stored photo does not end at IEND")
	}
}

func TestSaveAppliesEXIFOrientation(t *testing.T) {
	t.Parallel()
	s := newStore(t, 0, 0)
	src := encodeJPEG(t, quadrants(64, 32))
	// What the display shows in its top left, top right, bottom left and
	// bottom right quarters, for each EXIF orientation.
	tests := []struct {
		o              int
		tl, tr, bl, br color.RGBA
		wide           bool
	}{
		{1, red, green, blue, white, true},
		{2, green, red, white, blue, true},
		{3, white, blue, green, red, true},
		{4, blue, white, red, green, true},
		{5, red, blue, green, white, false},
		{6, blue, red, white, green, false},
		{7, white, green, blue, red, false},
		{8, green, white, red, blue, false},
	}
	for _, tt := range tests {
		j := withAPP1(src, append([]byte("Exif\x00\x00"), exifTIFF(tt.o, "x")...))
		p := save(t, s, j)
		w, h := 64, 32
		if !tt.wide {
			w, h = 32, 64
		}
		if p.Width != w || p.Height != h {
			t.Errorf("orientation %d: stored %d×%d, want %d×%d", tt.o, p.Width, p.Height, w, h)
			continue
		}
		m, err := jpeg.Decode(bytes.NewReader(stored(t, s, p)))
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []struct {
			x, y int
			want color.RGBA
		}{{w / 4, h / 4, tt.tl}, {3 * w / 4, h / 4, tt.tr}, {w / 4, 3 * h / 4, tt.bl}, {3 * w / 4, 3 * h / 4, tt.br}} {
			if c := m.At(q.x, q.y); !near(c, q.want) {
				t.Errorf("orientation %d: pixel (%d,%d) is %v, want %v", tt.o, q.x, q.y, c, q.want)
			}
		}
	}
}

func TestOrientationParsersTolerateJunk(t *testing.T) {
	t.Parallel()
	tiff := exifTIFF(6, "x")
	if o := tiffOrientation(tiff); o != 6 {
		t.Fatalf("tiffOrientation = %d, want 6", o)
	}
	// Every prefix of well-formed data, and data whose offsets point
	// anywhere, must give 1 or 6 and never panic.
	for i := range tiff {
		if o := tiffOrientation(tiff[:i]); o != 1 && o != 6 {
			t.Errorf("tiffOrientation of %d bytes = %d", i, o)
		}
	}
	for i := 4; i < 8; i++ {
		bad := append([]byte{}, tiff...)
		bad[i] = 0xFF
		if o := tiffOrientation(bad); o != 1 {
			t.Errorf("tiffOrientation with IFD offset byte %d broken = %d", i, o)
		}
	}
	j := withAPP1(encodeJPEG(t, pattern(8, 8)), append([]byte("Exif\x00\x00"), tiff...))
	for i := range j {
		jpegOrientation(j[:i])
	}
	if o := jpegOrientation(j); o != 6 {
		t.Errorf("jpegOrientation = %d, want 6", o)
	}
	w := webpFile(vp8x(3, 2, 0x08), riffChunk("VP8L", vp8lSolid(3, 2, color.NRGBA{1, 2, 3, 255})), riffChunk("EXIF", tiff))
	for i := range w {
		webpOrientation(w[:i])
	}
	if o := webpOrientation(w); o != 6 {
		t.Errorf("webpOrientation = %d, want 6", o)
	}
}

func TestSaveWebP(t *testing.T) {
	t.Parallel()
	s := newStore(t, 0, 0)
	olive := color.NRGBA{128, 128, 0, 255}

	p := save(t, s, webpFile(riffChunk("VP8L", vp8lSolid(3, 2, olive))))
	if !strings.HasSuffix(p.Key, ".jpg") || p.ContentType != "image/jpeg" || p.Width != 3 || p.Height != 2 {
		t.Fatalf("Save = %+v", p)
	}
	m, err := jpeg.Decode(bytes.NewReader(stored(t, s, p)))
	if err != nil {
		t.Fatal(err)
	}
	if c := m.At(1, 1); !near(c, olive) {
		t.Errorf("pixel is %v, want %v", c, olive)
	}

	// Transparent pixels become white.
	p = save(t, s, webpFile(riffChunk("VP8L", vp8lSolid(3, 2, color.NRGBA{0, 0, 0, 0}))))
	m, err = jpeg.Decode(bytes.NewReader(stored(t, s, p)))
	if err != nil {
		t.Fatal(err)
	}
	if c := m.At(1, 1); !near(c, white) {
		t.Errorf("transparent pixel is %v, want white", c)
	}

	// The extended format with an EXIF chunk: turned, and the EXIF gone.
	const gps = "GPS-31.2304N"
	p = save(t, s, webpFile(vp8x(3, 2, 0x08), riffChunk("VP8L", vp8lSolid(3, 2, olive)), riffChunk("EXIF", exifTIFF(6, gps))))
	if p.Width != 2 || p.Height != 3 {
		t.Errorf("WebP with orientation 6 stored %d×%d, want 2×3", p.Width, p.Height)
	}
	if b := stored(t, s, p); bytes.Contains(b, []byte(gps)) || bytes.Contains(b, []byte("Exif")) {
		t.Error("stored photo still holds EXIF")
	}
}

func TestSaveTooLarge(t *testing.T) {
	t.Parallel()
	img := encodePNG(t, pattern(20, 20))
	limit := int64(len(img))

	// Exactly MaxBytes is accepted.
	s := newStore(t, limit, 0)
	save(t, s, img)

	// One byte fewer allowed, and the upload is refused having read at
	// most MaxBytes+1 bytes of an endless stream.
	s = newStore(t, limit-1, 0)
	if _, err := s.Save(bytes.NewReader(img), "photos.2"); err == nil {
		t.Fatal("no error for an upload one byte too large")
	} else {
		wantKind(t, err, apperr.Invalid, "photos.2")
	}
	r := &countingReader{r: io.MultiReader(bytes.NewReader(img), endless{})}
	_, err := s.Save(r, "photos.3")
	ae := wantKind(t, err, apperr.Invalid, "photos.3")
	if !strings.Contains(ae.Message, "larger than") {
		t.Errorf("message %q, want it to say larger than", ae.Message)
	}
	if r.n > limit {
		t.Errorf("read %d bytes, want at most MaxBytes+1 = %d", r.n, limit)
	}

	// The message with the default limit.
	s = newStore(t, 0, 0)
	_, err = s.Save(endless{}, "photos.0")
	if ae := wantKind(t, err, apperr.Invalid, "photos.0"); !strings.Contains(ae.Message, "larger than 10 MB") {
		t.Errorf("message %q, want larger than 10 MB", ae.Message)
	}
}

type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'x'
	}
	return len(p), nil
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func TestSaveRefusesWhatIsNoPhoto(t *testing.T) {
	t.Parallel()
	s := newStore(t, 0, 0)
	good := encodePNG(t, pattern(64, 64))
	var gifImg bytes.Buffer
	if err := gif.Encode(&gifImg, pattern(4, 4), nil); err != nil {
		t.Fatal(err)
	}
	jpg := encodeJPEG(t, pattern(32, 32))
	tests := map[string][]byte{
		"empty":          nil,
		"text":           []byte("just some text, named photo.jpg\n"),
		"svg":            []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>`),
		"svg bare":       []byte(`<svg xmlns="http://www.w3.org/2000/svg"><rect width="10" height="10"/></svg>`),
		"html":           []byte("<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"),
		"gif":            gifImg.Bytes(),
		"truncated png":  good[:len(good)/2],
		"png header":     good[:8],
		"truncated jpeg": jpg[:len(jpg)/2],
		"jpeg soi":       jpg[:2],
		"garbage webp":   webpFile(riffChunk("VP8L", []byte("not a bitstream at all"))),
		"garbage vp8":    webpFile(riffChunk("VP8 ", bytes.Repeat([]byte{0x9d}, 40))),
		"riff only":      []byte("RIFF\x04\x00\x00\x00WEBP"),
		"html then png":  append([]byte("<html>"), good...),
	}
	for name, data := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := s.Save(bytes.NewReader(data), "photos.1")
			if err == nil {
				t.Fatal("no error")
			}
			wantKind(t, err, apperr.Invalid, "photos.1")
		})
	}
	if fs := files(t, s.Dir); len(fs) != 0 {
		t.Errorf("refused uploads left files: %v", fs)
	}
}

func TestSaveReadError(t *testing.T) {
	t.Parallel()
	s := newStore(t, 0, 0)
	_, err := s.Save(iotest.ErrReader(io.ErrUnexpectedEOF), "photos.0")
	wantKind(t, err, apperr.Invalid, "photos.0")
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("error %v does not wrap the read error", err)
	}
}

// bombPNG is a small PNG whose header claims a w×h RGBA image.
func bombPNG(w, h uint32) []byte {
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 6, 0, 0, 0) // 8 bits, RGBA, deflate, no filter, no interlace
	b := []byte("\x89PNG\r\n\x1a\n")
	b = append(b, pngChunk("IHDR", ihdr)...)
	b = append(b, pngChunk("IDAT", []byte{0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01})...)
	return append(b, pngChunk("IEND", nil)...)
}

func TestSaveRefusesTooManyPixels(t *testing.T) {
	t.Parallel()
	s := newStore(t, 0, 0)

	jpegBomb := encodeJPEG(t, pattern(8, 8))
	sof := bytes.Index(jpegBomb, []byte{0xFF, 0xC0})
	if sof < 0 {
		t.Fatal("no SOF0")
	}
	copy(jpegBomb[sof+5:], []byte{0xFF, 0xFF, 0xFF, 0xFF}) // 65535×65535
	var vp8lBomb bitWriter
	vp8lBomb.put(0x2f, 8)
	vp8lBomb.put(16383, 14)
	vp8lBomb.put(16383, 14)
	vp8lBomb.put(0, 4)

	bombs := map[string][]byte{
		"png":  bombPNG(100000, 100000),
		"jpeg": jpegBomb,
		"webp": webpFile(riffChunk("VP8L", append(vp8lBomb.buf, make([]byte, 16)...))),
	}
	for name, data := range bombs {
		cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
		if err != nil || cfg.Width*cfg.Height <= DefaultMaxPixels {
			t.Fatalf("%s bomb: header gives %v, %v", name, cfg, err)
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err = s.Save(bytes.NewReader(data), "photos.0")
		runtime.ReadMemStats(&after)
		if err == nil {
			t.Fatalf("%s bomb: no error", name)
		}
		ae := wantKind(t, err, apperr.Invalid, "photos.0")
		if !strings.Contains(ae.Message, "pixels") {
			t.Errorf("%s bomb: message %q does not say pixels", name, ae.Message)
		}
		// Decoding would allocate gigabytes; other tests running in
		// parallel allocate far less than this.
		if n := after.TotalAlloc - before.TotalAlloc; n > 256<<20 {
			t.Errorf("%s bomb: %d bytes allocated", name, n)
		}
	}

	// The limit itself.
	s = newStore(t, 0, 100)
	save(t, s, encodePNG(t, pattern(10, 10)))
	_, err := s.Save(bytes.NewReader(encodePNG(t, pattern(11, 10))), "photos.4")
	wantKind(t, err, apperr.Invalid, "photos.4")
}

func TestSaveSamePhotoOnce(t *testing.T) {
	t.Parallel()
	s := newStore(t, 0, 0)
	img := encodeJPEG(t, pattern(50, 50))
	a := save(t, s, img)
	b := save(t, s, img)
	if a != b {
		t.Errorf("saved twice: %+v and %+v", a, b)
	}
	// The same picture with other metadata is the same photo too.
	c := save(t, s, append(withAPP1(img, append([]byte("Exif\x00\x00"), exifTIFF(1, "elsewhere")...)), "tail"...))
	if c != a {
		t.Errorf("with metadata: %+v, want %+v", c, a)
	}
	if fs := files(t, s.Dir); len(fs) != 1 || fs[0] != filepath.Join(s.Dir, a.Key[:2], a.Key) {
		t.Errorf("files %v, want one at %s", fs, a.Key)
	}
}

func TestSaveConcurrently(t *testing.T) {
	t.Parallel()
	s := newStore(t, 0, 0)
	imgs := [][]byte{encodePNG(t, pattern(30, 20)), encodeJPEG(t, pattern(30, 20))}
	const n = 8
	keys := make([]string, 2*n)
	var wg sync.WaitGroup
	for i := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, err := s.Save(bytes.NewReader(imgs[i%2]), "photos.0")
			if err != nil {
				t.Error(err)
				return
			}
			keys[i] = p.Key
		}()
	}
	wg.Wait()
	for i := range keys {
		if keys[i] != keys[i%2] {
			t.Errorf("key %d is %s, want %s", i, keys[i], keys[i%2])
		}
	}
	if fs := files(t, s.Dir); len(fs) != 2 {
		t.Errorf("files %v, want two and no temporary ones", fs)
	}
}

func TestOpenAndRemove(t *testing.T) {
	t.Parallel()
	s := newStore(t, 0, 0)
	img := encodePNG(t, pattern(5, 5))
	p := save(t, s, img)

	f, err := s.Open(p.Key)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(f)
	f.Close()
	if err != nil || !bytes.Equal(b, stored(t, s, p)) {
		t.Fatalf("Open read %d bytes, %v", len(b), err)
	}

	// A file beside the store that a traversal would reach.
	if err := os.WriteFile(filepath.Join(filepath.Dir(s.Dir), "x"), []byte("secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	h := p.Key[:64]
	bad := []string{
		"", "../x", "abc", "..", "/etc/passwd",
		strings.ToUpper(h) + ".png",
		h + ".PNG", h + ".gif", h + ".jpeg", h + ".png\x00", h + ".png/", " " + h + ".png",
		h[:63] + ".png", h + "0.png", h[:63] + "g.png",
		"../" + h[3:] + ".png",
		h[:2] + "/" + h[3:] + ".png",
		h[:61] + "/.." + ".png",
	}
	for _, key := range bad {
		if f, err := s.Open(key); err == nil {
			f.Close()
			t.Errorf("Open(%q): no error", key)
		} else {
			wantKind(t, err, apperr.Invalid, "")
		}
		if err := s.Remove(key); err == nil {
			t.Errorf("Remove(%q): no error", key)
		}
	}

	unknown := strings.Repeat("0", 64) + ".jpg"
	_, err = s.Open(unknown)
	wantKind(t, err, apperr.NotFound, "")
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Open of an unknown key: %v, want fs.ErrNotExist", err)
	}

	if err := s.Remove(p.Key); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Open(p.Key); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Open after Remove: %v", err)
	}
	if err := s.Remove(p.Key); err != nil {
		t.Errorf("Remove of a missing photo: %v", err)
	}
	if err := s.Remove(unknown); err != nil {
		t.Errorf("Remove of an unknown photo: %v", err)
	}
	// Saving again after a Remove stores it again.
	if q := save(t, s, img); q != p {
		t.Errorf("saved again: %+v, want %+v", q, p)
	}
	stored(t, s, p)
}

func TestServe(t *testing.T) {
	t.Parallel()
	s := newStore(t, 0, 0)
	jp := save(t, s, encodeJPEG(t, pattern(16, 16)))
	pp := save(t, s, encodePNG(t, pattern(16, 16)))

	get := func(method, key string, header ...string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(method, "/photos/"+key, nil)
		for i := 0; i+1 < len(header); i += 2 {
			r.Header.Set(header[i], header[i+1])
		}
		w := httptest.NewRecorder()
		s.Serve(w, r, key)
		return w
	}

	for _, p := range []Photo{jp, pp} {
		w := get(http.MethodGet, p.Key)
		if w.Code != http.StatusOK {
			t.Fatalf("GET %s: %d", p.Key, w.Code)
		}
		want := map[string]string{
			"Content-Type":            p.ContentType,
			"X-Content-Type-Options":  "nosniff",
			"Content-Security-Policy": "default-src 'none'",
			"Cache-Control":           "private, max-age=86400",
			"Content-Disposition":     "inline",
			"ETag":                    `"` + p.SHA256 + `"`,
		}
		for k, v := range want {
			if got := w.Header().Get(k); got != v {
				t.Errorf("GET %s: %s is %q, want %q", p.Key, k, got, v)
			}
		}
		if !bytes.Equal(w.Body.Bytes(), stored(t, s, p)) {
			t.Errorf("GET %s: body differs from the stored photo", p.Key)
		}

		w = get(http.MethodGet, p.Key, "If-None-Match", `"`+p.SHA256+`"`)
		if w.Code != http.StatusNotModified || w.Body.Len() != 0 {
			t.Errorf("If-None-Match with the ETag: %d, %d bytes", w.Code, w.Body.Len())
		}
		w = get(http.MethodGet, p.Key, "If-None-Match", `"`+strings.Repeat("0", 64)+`"`)
		if w.Code != http.StatusOK {
			t.Errorf("If-None-Match with another ETag: %d", w.Code)
		}
		w = get(http.MethodHead, p.Key)
		if w.Code != http.StatusOK || w.Body.Len() != 0 || w.Header().Get("Content-Type") != p.ContentType {
			t.Errorf("HEAD: %d, %d bytes, %q", w.Code, w.Body.Len(), w.Header().Get("Content-Type"))
		}
	}

	for _, key := range []string{strings.Repeat("a", 64) + ".png", "../x", "abc", strings.ToUpper(jp.Key[:64]) + ".jpg"} {
		w := get(http.MethodGet, key)
		if w.Code != http.StatusNotFound {
			t.Errorf("GET %q: %d, want 404", key, w.Code)
		}
		if ct := w.Header().Get("Content-Type"); strings.HasPrefix(ct, "image/") {
			t.Errorf("GET %q: 404 with Content-Type %s", key, ct)
		}
	}

	if w := get(http.MethodPost, jp.Key); w.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d, want 405", w.Code)
	}
}

// Package photos stores and serves the photos that residents and patrol
// volunteers attach to issues and comments from the mobile app.
//
// An upload is trusted for nothing: its type is told from its content, its
// size in bytes and in pixels is bounded before anything large is allocated,
// and it is decoded and encoded afresh, so that what is stored is only the
// picture: EXIF metadata (GPS positions included), comments and whatever
// was appended to the file are dropped. Photos are stored by the SHA-256 of
// what is stored, so the same photo uploaded twice is kept once.
package photos

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"

	"golang.org/x/image/webp"

	"wutong/apperr"
)

// Defaults used by New, and by a Store whose limits are zero.
const (
	// DefaultMaxBytes is the largest upload accepted: 10 MiB.
	DefaultMaxBytes int64 = 10 << 20
	// DefaultMaxPixels is the most pixels (width × height) accepted.
	DefaultMaxPixels = 40_000_000
)

// jpegQuality is the quality JPEG and WebP uploads are re-encoded at.
const jpegQuality = 85

// Store keeps photos as files under a directory.
type Store struct {
	// Dir is the directory the photos are kept under, one subdirectory per
	// first two hex digits of their SHA-256.
	Dir string
	// MaxBytes is the largest upload accepted, in bytes; zero means
	// DefaultMaxBytes.
	MaxBytes int64
	// MaxPixels is the most pixels (width × height) an upload may have;
	// zero means DefaultMaxPixels.
	MaxPixels int
}

// New makes the directory (0o750) if needed. Defaults when zero: MaxBytes
// 10 MiB, MaxPixels 40_000_000.
func New(dir string, maxBytes int64, maxPixels int) (*Store, error) {
	if dir == "" {
		return nil, errors.New("photos: no directory given")
	}
	if maxBytes < 0 || maxPixels < 0 {
		return nil, fmt.Errorf("photos: negative limit (maxBytes %d, maxPixels %d)", maxBytes, maxPixels)
	}
	if maxBytes == 0 {
		maxBytes = DefaultMaxBytes
	}
	if maxPixels == 0 {
		maxPixels = DefaultMaxPixels
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("photos: make directory: %w", err)
	}
	return &Store{Dir: dir, MaxBytes: maxBytes, MaxPixels: maxPixels}, nil
}

// Photo describes a stored photo.
type Photo struct {
	// Key names the stored photo: the SHA-256 of its bytes in lower-case
	// hex, then ".jpg" or ".png".
	Key string
	// ContentType is "image/jpeg" or "image/png".
	ContentType string
	// Size is the length of the stored file in bytes.
	Size int64
	// Width and Height are the stored image's size in pixels, after any
	// EXIF orientation has been applied.
	Width, Height int
	// SHA256 is the SHA-256 of the stored file in lower-case hex.
	SHA256 string
}

// format is an image format accepted for upload.
type format struct {
	name         string // for messages
	decodeConfig func(io.Reader) (image.Config, error)
	decode       func(io.Reader) (image.Image, error)
	toJPEG       bool // stored as JPEG, else as PNG
}

var (
	formatJPEG = &format{name: "JPEG", decodeConfig: jpeg.DecodeConfig, decode: jpeg.Decode, toJPEG: true}
	formatPNG  = &format{name: "PNG", decodeConfig: png.DecodeConfig, decode: png.Decode}
	formatWebP = &format{name: "WebP", decodeConfig: webp.DecodeConfig, decode: webp.Decode, toJPEG: true}
)

// sniff tells an upload's format from its first bytes, as browsers do; the
// name and declared type of the upload are not consulted.
func sniff(data []byte) *format {
	switch http.DetectContentType(data) {
	case "image/jpeg":
		return formatJPEG
	case "image/png":
		return formatPNG
	case "image/webp":
		return formatWebP
	}
	return nil
}

func (s *Store) maxBytes() int64 {
	if s.MaxBytes > 0 {
		return s.MaxBytes
	}
	return DefaultMaxBytes
}

func (s *Store) maxPixels() int {
	if s.MaxPixels > 0 {
		return s.MaxPixels
	}
	return DefaultMaxPixels
}

// Save reads at most MaxBytes+1 bytes from r (never more; a bigger upload is
// BAD_USER_INPUT "larger than N MB"), checks it is a JPEG, PNG or WebP image
// by its content (not by name or declared type: http.DetectContentType, then
// that format's own DecodeConfig, so that no other registered image format
// is accepted), refuses more than MaxPixels (decompression bombs) and
// images that fail to decode, then re-encodes it (JPEG quality 85 for JPEG
// and WebP input, PNG for PNG) so that EXIF metadata, GPS positions included,
// and anything appended to the file are dropped, and stores it under
// Dir/<first 2 hex of sha256>/<sha256 hex>.<jpg|png> via a temp file in the
// same directory + rename (atomic; the same photo twice is stored once).
// field names the input field for errors (e.g. "photos.0").
//
// An EXIF orientation in a JPEG or WebP upload is applied to the pixels
// before the metadata is dropped, so that a photo taken with the phone held
// sideways is stored the right way up. Transparent parts of a WebP upload
// are stored as white, since JPEG has no transparency.
//
// Bad uploads are *apperr.Error of kind apperr.Invalid with Field set to
// field; a failure to store is a plain error.
func (s *Store) Save(r io.Reader, field string) (Photo, error) {
	limit := s.maxBytes()
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return Photo{}, &apperr.Error{Kind: apperr.Invalid, Field: field, Message: "the photo could not be read", Err: err}
	}
	if int64(len(data)) > limit {
		return Photo{}, apperr.InvalidField(field, "the photo is larger than %s", formatSize(limit))
	}
	if len(data) == 0 {
		return Photo{}, apperr.InvalidField(field, "the photo is empty")
	}
	f := sniff(data)
	if f == nil {
		return Photo{}, apperr.InvalidField(field, "the photo must be a JPEG, PNG or WebP image")
	}
	cfg, err := f.decodeConfig(bytes.NewReader(data))
	if err != nil {
		return Photo{}, &apperr.Error{Kind: apperr.Invalid, Field: field, Message: "the photo is not a valid " + f.name + " image", Err: err}
	}
	// The header's size is checked before decoding, which allocates for
	// every pixel the header claims.
	if err := s.checkPixels(cfg.Width, cfg.Height, field); err != nil {
		return Photo{}, err
	}
	img, err := f.decode(bytes.NewReader(data))
	if err != nil {
		return Photo{}, &apperr.Error{Kind: apperr.Invalid, Field: field, Message: "the photo could not be decoded as a " + f.name + " image", Err: err}
	}
	if b := img.Bounds(); b.Dx() != cfg.Width || b.Dy() != cfg.Height {
		return Photo{}, apperr.InvalidField(field, "the photo's size does not match its header")
	}

	var (
		out         bytes.Buffer
		ext, ctype  string
		orientation = 1
	)
	if f.toJPEG {
		switch f {
		case formatJPEG:
			orientation = jpegOrientation(data)
		case formatWebP:
			orientation = webpOrientation(data)
		}
		img = forJPEG(img, orientation)
		err = jpeg.Encode(&out, img, &jpeg.Options{Quality: jpegQuality})
		ext, ctype = ".jpg", "image/jpeg"
	} else {
		err = png.Encode(&out, img)
		ext, ctype = ".png", "image/png"
	}
	if err != nil {
		return Photo{}, fmt.Errorf("photos: encode: %w", err)
	}

	sum := sha256.Sum256(out.Bytes())
	hexSum := hex.EncodeToString(sum[:])
	key := hexSum + ext
	if err := s.write(key, out.Bytes()); err != nil {
		return Photo{}, err
	}
	b := img.Bounds()
	return Photo{
		Key:         key,
		ContentType: ctype,
		Size:        int64(out.Len()),
		Width:       b.Dx(),
		Height:      b.Dy(),
		SHA256:      hexSum,
	}, nil
}

// checkPixels refuses an image of no pixels or of more than MaxPixels.
func (s *Store) checkPixels(w, h int, field string) error {
	if w <= 0 || h <= 0 {
		return apperr.InvalidField(field, "the photo has no pixels")
	}
	if most := s.maxPixels(); int64(w)*int64(h) > int64(most) {
		return apperr.InvalidField(field, "the photo is %d×%d pixels, more than the %s allowed", w, h, formatPixels(most))
	}
	return nil
}

// formatSize writes a byte count for a message: "10 MB", "1.5 MB", "512 KB".
func formatSize(n int64) string {
	const mb, kb = 1 << 20, 1 << 10
	switch {
	case n%mb == 0:
		return fmt.Sprintf("%d MB", n/mb)
	case n >= mb:
		return fmt.Sprintf("%.1f MB", float64(n)/mb)
	case n%kb == 0:
		return fmt.Sprintf("%d KB", n/kb)
	default:
		return fmt.Sprintf("%d bytes", n)
	}
}

// formatPixels writes a pixel count for a message: "40 megapixels".
func formatPixels(n int) string {
	if n%1_000_000 == 0 {
		return fmt.Sprintf("%d megapixels", n/1_000_000)
	}
	return fmt.Sprintf("%d pixels", n)
}

// write stores data as key: a temporary file in the key's directory is
// written, synced and renamed into place, so that a reader sees the whole
// photo or none. A photo already stored is left as it is.
func (s *Store) write(key string, data []byte) error {
	final := s.path(key)
	if _, err := os.Stat(final); err == nil {
		return nil
	}
	dir := filepath.Dir(final)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("photos: make directory: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".upload-*")
	if err != nil {
		return fmt.Errorf("photos: create temporary file: %w", err)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return fmt.Errorf("photos: write: %w", err)
	}
	if err := tmp.Chmod(0o640); err != nil {
		return fmt.Errorf("photos: chmod: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("photos: sync: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("photos: close: %w", err)
	}
	// Renaming over the same photo stored meanwhile by another upload is
	// harmless: the content is the same.
	if err := os.Rename(tmp.Name(), final); err != nil {
		return fmt.Errorf("photos: rename: %w", err)
	}
	done = true
	// Make the new name durable too; a failure here loses nothing yet.
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}

// path is where the photo of a valid key is kept.
func (s *Store) path(key string) string {
	return filepath.Join(s.Dir, key[:2], key)
}

// contentType returns the content type of a key of exactly the form Save
// makes (64 lower-case hex digits, then ".jpg" or ".png"), or false.
func contentType(key string) (string, bool) {
	if len(key) != sha256.Size*2+4 {
		return "", false
	}
	for i := 0; i < sha256.Size*2; i++ {
		c := key[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return "", false
		}
	}
	switch key[sha256.Size*2:] {
	case ".jpg":
		return "image/jpeg", true
	case ".png":
		return "image/png", true
	}
	return "", false
}

// errBadKey is returned for a key not of the form Save makes.
var errBadKey = &apperr.Error{Kind: apperr.Invalid, Message: "not a photo key"}

// Open opens a stored photo by key; a key that is not exactly the form Save
// makes (64 hex + .jpg/.png) is an error (no path traversal).
//
// A malformed key is an *apperr.Error of kind apperr.Invalid; a photo not
// stored is one of kind apperr.NotFound that also matches fs.ErrNotExist.
func (s *Store) Open(key string) (*os.File, error) {
	if _, ok := contentType(key); !ok {
		return nil, errBadKey
	}
	f, err := os.Open(s.path(key))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, &apperr.Error{Kind: apperr.NotFound, Message: "photo not found", Err: err}
	}
	if err != nil {
		return nil, fmt.Errorf("photos: open: %w", err)
	}
	return f, nil
}

// Remove deletes a stored photo (used when the transaction that referenced
// it fails); missing is not an error.
//
// Since the same photo is stored once, the caller must remove a key only
// when nothing else refers to it.
func (s *Store) Remove(key string) error {
	if _, ok := contentType(key); !ok {
		return errBadKey
	}
	if err := os.Remove(s.path(key)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("photos: remove: %w", err)
	}
	return nil
}

// Serve writes the photo to w: Content-Type from the key's extension,
// X-Content-Type-Options: nosniff, Content-Security-Policy: default-src
// 'none', Cache-Control: private, max-age=86400, Content-Disposition:
// inline; honours If-None-Match with an ETag of the sha256 (http.ServeContent
// is fine). 404 for an unknown key.
//
// Only GET and HEAD are served; other methods get 405. Range requests and
// If-Modified-Since are honoured too.
func (s *Store) Serve(w http.ResponseWriter, r *http.Request, key string) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
		return
	}
	ctype, ok := contentType(key)
	if !ok {
		http.NotFound(w, r)
		return
	}
	f, err := s.Open(key)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			http.NotFound(w, r)
		} else {
			http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		}
		return
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	h.Set("Content-Type", ctype)
	h.Set("Content-Security-Policy", "default-src 'none'")
	h.Set("Cache-Control", "private, max-age=86400")
	h.Set("Content-Disposition", "inline")
	h.Set("ETag", `"`+key[:sha256.Size*2]+`"`)
	http.ServeContent(w, r, "", fi.ModTime(), f)
}

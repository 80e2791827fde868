package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"

	"wutong/apperr"
)

// bcryptCost is the work factor of password hashes (about 50-100 ms here).
const bcryptCost = 11

// MinPasswordLen and MaxPasswordLen bound a password; bcrypt reads at most
// 72 bytes, so a longer password is refused rather than cut short.
const (
	MinPasswordLen = 8
	MaxPasswordLen = 72
)

// HashPassword returns the bcrypt hash of a password.
func HashPassword(password string) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(password), bcryptCost)
	if err != nil {
		return "", err
	}
	return string(h), nil
}

// ValidatePassword checks that a new password may be used.
func ValidatePassword(password string) error {
	switch {
	case utf8.RuneCountInString(password) < MinPasswordLen:
		return apperr.InvalidField("password", "must be at least %d characters", MinPasswordLen)
	case len(password) > MaxPasswordLen:
		return apperr.InvalidField("password", "must be at most %d bytes", MaxPasswordLen)
	}
	return nil
}

// dummyHash is compared against when a login does not exist, so that a
// wrong login takes as long as a wrong password.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("not a password of anyone"), bcryptCost)

// checkPassword reports whether password matches hash; an empty hash (an
// account never activated) matches nothing, in the same time.
func checkPassword(hash, password string) bool {
	if hash == "" {
		_ = bcrypt.CompareHashAndPassword(dummyHash, []byte(password))
		return false
	}
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) == nil
}

// newToken returns a random bearer token and the hash stored for it.
func newToken() (token, hash string) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("auth: reading randomness: " + err.Error())
	}
	token = base64.RawURLEncoding.EncodeToString(b[:])
	return token, hashSecret(token)
}

// newActivationCode returns a random one-time code, easy to read out over
// the phone (base32, no padding), and the hash stored for it.
func newActivationCode() (code, hash string) {
	var b [10]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("auth: reading randomness: " + err.Error())
	}
	code = base32.StdEncoding.EncodeToString(b[:])
	return code, hashSecret(code)
}

// hashSecret is the SHA-256 of a high-entropy secret, hex.
func hashSecret(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

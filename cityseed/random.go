package cityseed

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	mrand "math/rand/v2"
	"time"

	"wutong/gid"
	"wutong/personal"
)

// rng is the random source of one community. Every decision about the
// community, its IDs included, is drawn from it, so that a community is the
// same whichever worker generates it and in whatever order.
type rng struct {
	*mrand.Rand
}

// newRNG returns the random source of community number n (from 0) of the
// city generated from seed.
func newRNG(seed int64, n int) rng {
	h := fnv.New64a()
	fmt.Fprintf(h, "wutong/cityseed/community/%d", n)
	return rng{mrand.New(mrand.NewPCG(uint64(seed), h.Sum64()))}
}

// Read fills p with random bytes: the entropy of the IDs.
func (r rng) Read(p []byte) (int, error) {
	var b [8]byte
	for i := 0; i < len(p); i += 8 {
		binary.LittleEndian.PutUint64(b[:], r.Uint64())
		copy(p[i:], b[:])
	}
	return len(p), nil
}

// id returns a new ID of the named type whose time part is at and whose
// random part comes from r.
func (r rng) id(typeName string, at time.Time) string {
	return string(gid.NewWith(typeName, at, r))
}

// chance reports true with probability p.
func (r rng) chance(p float64) bool { return r.Float64() < p }

// between returns a duration in [lo, hi), to the second.
func (r rng) between(lo, hi time.Duration) time.Duration {
	if hi <= lo {
		return lo
	}
	return (lo + time.Duration(r.Int64N(int64(hi-lo)))).Truncate(time.Second)
}

// span returns an integer in [lo, hi].
func (r rng) span(lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + r.IntN(hi-lo+1)
}

// weighted returns an index into weights, drawn with those weights.
func (r rng) weighted(weights []float64) int {
	total := 0.0
	for _, w := range weights {
		total += w
	}
	x := r.Float64() * total
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

// pick returns a random element of list.
func pick[T any](r rng, list []T) T { return list[r.IntN(len(list))] }

// familyWeights are the weights of familyNames, for weighted draws.
var familyWeights = func() []float64 {
	w := make([]float64, len(familyNames))
	for i, f := range familyNames {
		w[i] = f.weight
	}
	return w
}()

// surname draws a family name.
func (r rng) surname() string { return familyNames[r.weighted(familyWeights)].name }

// givenName draws a given name for someone born in the given year.
func (r rng) givenName(female bool, born int) string {
	if born < 1960 && r.chance(0.35) {
		if female {
			return pick(r, elderGirls)
		}
		return pick(r, elderBoys)
	}
	chars := boyChars
	if female {
		chars = girlChars
	}
	first := chars[r.IntN(len(chars))]
	if r.chance(0.15) {
		first = bothChars[r.IntN(len(bothChars))]
	}
	if r.chance(0.3) {
		return string(first)
	}
	return string(first) + string(chars[r.IntN(len(chars))])
}

// fullName draws a name with the given surname.
func (r rng) fullName(surname string, female bool, born int) string {
	return surname + r.givenName(female, born)
}

// The keys of phone numbers: community n owns the keys n*phoneStride to
// (n+1)*phoneStride-1, its residents the first maxResidents of them and
// its staff logins the rest.
const (
	phoneStride  = 100000
	maxResidents = 90000
)

// MaxCommunities is the largest city Load generates: phone numbers are
// unique by construction up to it.
const MaxCommunities = 999

// phone returns the mobile number with the given key. Its last eight
// digits are a permutation of the key (distinct keys give distinct numbers,
// whatever the prefix): an affine map modulo 10^8 (the factors are prime to
// 10), the digits reversed, and another affine map; the prefix is drawn.
func (r rng) phone(key int) string {
	const mod = 100000000
	x := (uint64(key)*48271 + 12345679) % mod
	reversed := uint64(0)
	for i := 0; i < 8; i++ {
		reversed, x = reversed*10+x%10, x/10
	}
	x = (reversed*69069 + 31415927) % mod
	return pick(r, mobilePrefixes) + fmt.Sprintf("%08d", x)
}

// idCard returns a valid resident identity card number for someone born
// on the given day.
func (r rng) idCard(local bool, birth time.Time, female bool) string {
	area := pick(r, otherAreaCodes)
	if local {
		area = pick(r, cityAreaCodes)
	}
	seq := r.IntN(500) * 2 // even for women
	if !female {
		seq++
	}
	first17 := area + birth.Format("20060102") + fmt.Sprintf("%03d", seq)
	check, err := personal.IDCardCheckDigit(first17)
	if err != nil {
		panic(err) // 17 digits by construction
	}
	return first17 + string(check)
}

// maxTime returns the later of two times.
func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// minTime returns the earlier of two times.
func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

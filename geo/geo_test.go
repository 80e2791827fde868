package geo

import (
	"math"
	"testing"
)

func TestDistance(t *testing.T) {
	t.Parallel()
	// One degree of latitude is πR/180 = 111,195 m on the mean sphere.
	if d := Distance(39, 116, 40, 116); math.Abs(d-111195) > 1 {
		t.Errorf("one degree of latitude = %.1f m", d)
	}
	// Tiananmen (39.9087, 116.3975) to the Beijing railway station
	// (39.9029, 116.4270): about 2.6 km on a map.
	if d := Distance(39.9087, 116.3975, 39.9029, 116.4270); d < 2500 || d > 2700 {
		t.Errorf("Tiananmen to the railway station = %.0f m", d)
	}
	if d := Distance(10, 20, 10, 20); d != 0 {
		t.Errorf("a point to itself = %f", d)
	}
	// Antipodes: half the circumference.
	if d := Distance(0, 0, 0, 180); math.Abs(d-math.Pi*earthRadius) > 1 {
		t.Errorf("antipodes = %f", d)
	}
}

func TestAroundHoldsTheCircle(t *testing.T) {
	t.Parallel()
	for _, c := range [][2]float64{{39.9, 116.4}, {0, 0}, {-33.9, 151.2}, {60, 179.999}, {89.999, 10}} {
		b := Around(c[0], c[1], 250)
		for deg := 0.0; deg < 360; deg += 15 {
			// A point 249 m away in direction deg.
			dLat := 249 * math.Cos(radians(deg)) / earthRadius * 180 / math.Pi
			dLon := 249 * math.Sin(radians(deg)) / (earthRadius * math.Cos(radians(c[0]))) * 180 / math.Pi
			lat, lon := c[0]+dLat, c[1]+dLon
			if lon > 180 || lat > 90 {
				continue
			}
			if lat < b.MinLat || lat > b.MaxLat || lon < b.MinLon || lon > b.MaxLon {
				t.Errorf("around %v: point %v,%v (%.0f m) outside %+v", c, lat, lon, Distance(c[0], c[1], lat, lon), b)
			}
		}
	}
}

func TestGCJ02RoundTrip(t *testing.T) {
	t.Parallel()
	for _, p := range [][2]float64{{39.9151, 116.4041}, {31.2304, 121.4737}, {22.5431, 114.0579}, {43.8171, 125.3235}} {
		gLat, gLon := toGCJ02(p[0], p[1])
		// The offset in Beijing is a few hundred metres.
		if off := Distance(p[0], p[1], gLat, gLon); off < 100 || off > 1000 {
			t.Errorf("offset at %v = %.0f m", p, off)
		}
		wLat, wLon := FromGCJ02(gLat, gLon)
		if back := Distance(p[0], p[1], wLat, wLon); back > 0.01 {
			t.Errorf("round trip at %v is %.4f m off", p, back)
		}
	}
	// Outside China nothing changes.
	if lat, lon := FromGCJ02(48.8566, 2.3522); lat != 48.8566 || lon != 2.3522 {
		t.Errorf("Paris moved to %v,%v", lat, lon)
	}
}

func TestValid(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		lat, lon float64
		ok       bool
	}{{0, 0, true}, {90, 180, true}, {-90, -180, true}, {90.1, 0, false}, {0, -180.5, false}, {math.NaN(), 0, false}} {
		if Valid(c.lat, c.lon) != c.ok {
			t.Errorf("Valid(%v, %v) = %v", c.lat, c.lon, !c.ok)
		}
	}
}

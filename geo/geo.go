// Package geo measures distances on the earth and converts the GCJ-02
// coordinates of map SDKs used in mainland China to the WGS-84 coordinates
// that Wutong stores.
package geo

import "math"

// earthRadius is the mean radius of the earth in metres (IUGG).
const earthRadius = 6371008.8

// radians converts degrees to radians.
func radians(deg float64) float64 { return deg * math.Pi / 180 }

// Distance is the great-circle distance in metres between two WGS-84
// points, by the haversine formula.
func Distance(lat1, lon1, lat2, lon2 float64) float64 {
	φ1, φ2 := radians(lat1), radians(lat2)
	dφ, dλ := radians(lat2-lat1), radians(lon2-lon1)
	h := math.Sin(dφ/2)*math.Sin(dφ/2) + math.Cos(φ1)*math.Cos(φ2)*math.Sin(dλ/2)*math.Sin(dλ/2)
	return 2 * earthRadius * math.Asin(math.Min(1, math.Sqrt(h)))
}

// Box is a latitude/longitude rectangle.
type Box struct {
	MinLat, MaxLat, MinLon, MaxLon float64
}

// Around is a box that holds every point within metres of (lat, lon), for
// an indexable first filter before Distance. Near the poles it spans all
// longitudes.
func Around(lat, lon, metres float64) Box {
	dLat := metres / earthRadius * 180 / math.Pi
	b := Box{MinLat: math.Max(-90, lat-dLat), MaxLat: math.Min(90, lat+dLat), MinLon: -180, MaxLon: 180}
	if c := math.Cos(radians(lat)); math.Abs(lat)+dLat < 89 && c > 0 {
		dLon := dLat / c
		if lon-dLon >= -180 && lon+dLon <= 180 {
			b.MinLon, b.MaxLon = lon-dLon, lon+dLon
		}
	}
	return b
}

// Valid reports whether a latitude and longitude are in range.
func Valid(lat, lon float64) bool {
	return lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180 && !math.IsNaN(lat) && !math.IsNaN(lon)
}

// The Krasovsky 1940 ellipsoid, on which the GCJ-02 offset is defined.
const (
	krasovskyA  = 6378245.0
	krasovskyE2 = 0.00669342162296594323
)

// inChina reports whether the GCJ-02 offset applies at a point: a rough
// rectangle around mainland China, as the map SDKs use it.
func inChina(lat, lon float64) bool {
	return lon >= 72.004 && lon <= 137.8347 && lat >= 0.8293 && lat <= 55.8271
}

// toGCJ02 applies the published GCJ-02 offset to a WGS-84 point.
func toGCJ02(lat, lon float64) (float64, float64) {
	if !inChina(lat, lon) {
		return lat, lon
	}
	x, y := lon-105, lat-35
	dLat := -100 + 2*x + 3*y + 0.2*y*y + 0.1*x*y + 0.2*math.Sqrt(math.Abs(x))
	dLat += (20*math.Sin(6*x*math.Pi) + 20*math.Sin(2*x*math.Pi)) * 2 / 3
	dLat += (20*math.Sin(y*math.Pi) + 40*math.Sin(y/3*math.Pi)) * 2 / 3
	dLat += (160*math.Sin(y/12*math.Pi) + 320*math.Sin(y*math.Pi/30)) * 2 / 3
	dLon := 300 + x + 2*y + 0.1*x*x + 0.1*x*y + 0.1*math.Sqrt(math.Abs(x))
	dLon += (20*math.Sin(6*x*math.Pi) + 20*math.Sin(2*x*math.Pi)) * 2 / 3
	dLon += (20*math.Sin(x*math.Pi) + 40*math.Sin(x/3*math.Pi)) * 2 / 3
	dLon += (150*math.Sin(x/12*math.Pi) + 300*math.Sin(x/30*math.Pi)) * 2 / 3
	φ := radians(lat)
	magic := 1 - krasovskyE2*math.Sin(φ)*math.Sin(φ)
	sqrtMagic := math.Sqrt(magic)
	dLat = dLat * 180 / ((krasovskyA * (1 - krasovskyE2)) / (magic * sqrtMagic) * math.Pi)
	dLon = dLon * 180 / (krasovskyA / sqrtMagic * math.Cos(φ) * math.Pi)
	return lat + dLat, lon + dLon
}

// FromGCJ02 converts a GCJ-02 point to WGS-84 by inverting the offset
// iteratively, to well under a centimetre. Points outside China are
// returned unchanged.
func FromGCJ02(lat, lon float64) (float64, float64) {
	if !inChina(lat, lon) {
		return lat, lon
	}
	wLat, wLon := lat, lon
	for range 10 {
		gLat, gLon := toGCJ02(wLat, wLon)
		eLat, eLon := gLat-lat, gLon-lon
		wLat, wLon = wLat-eLat, wLon-eLon
		if math.Abs(eLat) < 1e-9 && math.Abs(eLon) < 1e-9 {
			break
		}
	}
	return wLat, wLon
}

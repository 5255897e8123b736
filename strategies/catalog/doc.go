// Package catalog is the one list of every strategy batchlab compares, with
// how to build each at a given width (batch size, workers or weight).
//
// Adding a strategy means one new package under strategies/ and one entry in
// [All]; nothing registers itself in init, and the catalog's tests and
// examples derive their lists from All.
package catalog

package reports

// SeedSource names the file of the repository that holds the documented
// figures of [Seed] and says where they come from: the BenchmarkDotNet table
// of a .NET batch processor's blog post, fixed batches of 250 entries
// against the 200 ms service.
const SeedSource = "docs/seed.md"

// SeedRow is one row of the seed's documented BenchmarkDotNet table.
type SeedRow struct {
	Entries    int
	MeanSec    float64 // Mean, seconds per operation
	ErrorSec   float64 // Error: half-width of the 99.9 % CI, seconds
	StdDevSec  float64 // StdDev, seconds
	AllocBytes float64 // Allocated per operation, bytes (1 MB = 1024 × 1024 B)
	Gen0       float64 // Gen0 collections per 1000 operations
	Gen1       float64 // Gen1 collections per 1000 operations
	Gen2       float64 // Gen2 collections per 1000 operations
}

const mib = 1024 * 1024

// Seed returns the seed's documented table (Method ProcessEntriesTest),
// copied from SeedSource, as a new slice. It is data the project keeps, not
// something read at run time.
func Seed() []SeedRow {
	return []SeedRow{
		{Entries: 1000, MeanSec: 0.8935, ErrorSec: 0.00847, StdDevSec: 0.01040, AllocBytes: 20.03 * mib, Gen0: 5000, Gen1: 3000, Gen2: 1000},
		{Entries: 10000, MeanSec: 9.6627, ErrorSec: 0.19253, StdDevSec: 0.45382, AllocBytes: 200.81 * mib, Gen0: 53000, Gen1: 29000, Gen2: 11000},
		{Entries: 20000, MeanSec: 18.5424, ErrorSec: 0.35650, StdDevSec: 0.41055, AllocBytes: 409.16 * mib, Gen0: 107000, Gen1: 57000, Gen2: 21000},
	}
}

// SeedFor returns the seed's documented row for n entries.
func SeedFor(entries int) (SeedRow, bool) {
	for _, r := range Seed() {
		if r.Entries == entries {
			return r, true
		}
	}
	return SeedRow{}, false
}

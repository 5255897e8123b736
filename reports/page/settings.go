package page

import (
	"slices"

	"batchlab/benchfile"
	"batchlab/reports"
)

// primaryKeys are the settings listed first, in this order.
var primaryKeys = []string{benchfile.KeyCPU, benchfile.KeyGo, benchfile.KeyGOMAXPROCS, benchfile.KeyDelay, benchfile.KeyCount,
	benchfile.KeyCommit, benchfile.KeyStatus, benchfile.KeyTransport}

// setting is one row of the settings table.
type setting struct {
	Key, Value string
	Primary    bool
}

// settingRows lists the run's settings, primaryKeys first; for a
// run with several scenarios, without the scenario (each section names its
// own).
func settingRows(run *reports.Run, multi bool) []setting {
	var rows []setting
	for _, k := range primaryKeys {
		if v := run.Setting(k); v != "" {
			rows = append(rows, setting{Key: k, Value: v, Primary: true})
		}
	}
	for _, s := range run.Settings {
		if !isPrimaryKey(s.Key) && !(multi && s.Key == benchfile.KeyScenario) {
			rows = append(rows, setting{Key: s.Key, Value: s.Value})
		}
	}
	return rows
}

func isPrimaryKey(k string) bool {
	for _, p := range primaryKeys {
		if p == k {
			return true
		}
	}
	return false
}

// compareSetting is one row of the settings table of a comparison.
type compareSetting struct {
	Key, Old, New string
	Primary, Diff bool
}

// compareSettingRows lists both runs' settings, primaryKeys first,
// then the others in the order they first appear.
func compareSettingRows(old, new *reports.Run) []compareSetting {
	keys := append([]string(nil), primaryKeys...)
	for _, run := range []*reports.Run{old, new} {
		for _, s := range run.Settings {
			if !slices.Contains(keys, s.Key) {
				keys = append(keys, s.Key)
			}
		}
	}
	var rows []compareSetting
	for _, k := range keys {
		o, n := old.Setting(k), new.Setting(k)
		if o == "" && n == "" {
			continue
		}
		rows = append(rows, compareSetting{Key: k, Old: o, New: n, Primary: isPrimaryKey(k), Diff: o != n})
	}
	return rows
}

package reports

import "batchlab/benchfile"

// htmlPrimaryKeys are the settings listed first, in this order.
var htmlPrimaryKeys = []string{benchfile.KeyCPU, benchfile.KeyGo, benchfile.KeyGOMAXPROCS, benchfile.KeyDelay, benchfile.KeyCount,
	benchfile.KeyCommit, benchfile.KeyStatus, benchfile.KeyTransport}

// htmlSetting is one row of the settings table.
type htmlSetting struct {
	Key, Value string
	Primary    bool
}

// htmlSettingRows lists the run's settings, htmlPrimaryKeys first; for a
// run with several scenarios, without the scenario (each section names its
// own).
func htmlSettingRows(run *Run, multi bool) []htmlSetting {
	var rows []htmlSetting
	for _, k := range htmlPrimaryKeys {
		if v := run.Setting(k); v != "" {
			rows = append(rows, htmlSetting{Key: k, Value: v, Primary: true})
		}
	}
	for _, s := range run.Settings {
		if !isPrimaryKey(s.Key) && !(multi && s.Key == benchfile.KeyScenario) {
			rows = append(rows, htmlSetting{Key: s.Key, Value: s.Value})
		}
	}
	return rows
}

func isPrimaryKey(k string) bool {
	for _, p := range htmlPrimaryKeys {
		if p == k {
			return true
		}
	}
	return false
}

// htmlCompareSetting is one row of the settings table of a comparison.
type htmlCompareSetting struct {
	Key, Old, New string
	Primary, Diff bool
}

// htmlCompareSettingRows lists both runs' settings, htmlPrimaryKeys first,
// then the others in the order they first appear.
func htmlCompareSettingRows(old, new *Run) []htmlCompareSetting {
	keys := append([]string(nil), htmlPrimaryKeys...)
	for _, run := range []*Run{old, new} {
		for _, s := range run.Settings {
			if !containsString(keys, s.Key) {
				keys = append(keys, s.Key)
			}
		}
	}
	var rows []htmlCompareSetting
	for _, k := range keys {
		o, n := old.Setting(k), new.Setting(k)
		if o == "" && n == "" {
			continue
		}
		rows = append(rows, htmlCompareSetting{Key: k, Old: o, New: n, Primary: isPrimaryKey(k), Diff: o != n})
	}
	return rows
}

func containsString(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

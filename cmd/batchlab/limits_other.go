//go:build !linux

package main

func openFileLimit() string { return "a limited number of" }

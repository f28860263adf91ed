package content

// Test hooks for the external tests (package content_test), which may
// import packages that import content, like synth.
var (
	CheckFlat = checkFlat
	Split     = split
	CPUNow    = cpuNow
)

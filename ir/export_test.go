package ir

// CheckAgainstReference lets the external tests check Resolve on the
// profiles of the front ends (which import this package) against the
// plain rule-by-rule resolution.
var CheckAgainstReference = checkAgainstReference

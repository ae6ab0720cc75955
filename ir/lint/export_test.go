package lint

// RandomTree is randomTree for the package's external tests.
var RandomTree = randomTree

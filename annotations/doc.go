// Package annotations is Hamesh's domain: articles, the spans marked on them
// (entities and claims), relations between spans, the label scheme, offsets in
// code points with their UTF-16 and UTF-8 equivalents, validation, and the
// service interfaces the GUI and the command line use.
//
// It imports neither Fyne nor SQL: the store in package data implements the
// interfaces declared here, and the GUI talks to it only through them.
package annotations

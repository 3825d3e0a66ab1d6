// Package source holds a file's bytes and the positions in it: Pos (line, column, offset; lines
// and columns 1-based, columns in Unicode code points) and Range (a start and an exclusive
// end). Every model value and every finding carries a Range computed once from a Source.
// It imports nothing of this module, so that every other package can use it.
package source

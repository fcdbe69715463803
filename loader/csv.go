package loader

// decodeParticipantsCSV is reserved for participant tables (issue 5); for now any CSV file in
// the dataset directory is reported, so that nothing is silently ignored.
func (s *state) decodeParticipantsCSV(file string, b []byte) {
	s.fail(file, 0, "participant tables (CSV) are not supported yet")
}

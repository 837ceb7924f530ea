package iostreams

import "testing"

func TestTerminalWidth(t *testing.T) {
	tests := []struct {
		name    string
		columns string
		fixed   int
		want    int
	}{
		{name: "COLUMNS numeric", columns: "100", want: 100},
		{name: "COLUMNS with spaces", columns: " 61 ", want: 61},
		{name: "COLUMNS not a number", columns: "wide", want: 0},
		{name: "COLUMNS zero", columns: "0", want: 0},
		{name: "COLUMNS negative", columns: "-5", want: 0},
		{name: "unset, not a terminal", columns: "", want: 0},
		{name: "fixed beats COLUMNS", columns: "100", fixed: 50, want: 50},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("COLUMNS", tt.columns)
			s := System()
			// go test's stdout is not a terminal; force it so only COLUMNS can decide.
			s.SetStdoutTTY(false)
			s.SetTerminalWidth(tt.fixed)
			if got := s.TerminalWidth(); got != tt.want {
				t.Errorf("TerminalWidth() = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestTestStreamsIgnoreCOLUMNS(t *testing.T) {
	t.Setenv("COLUMNS", "80")
	s, _, _, _ := Test()
	if got := s.TerminalWidth(); got != 0 {
		t.Errorf("test streams TerminalWidth() = %d, want 0 (goldens must not depend on the shell)", got)
	}
}

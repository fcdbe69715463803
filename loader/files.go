package loader

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"syscall"
	"unicode/utf8"

	"github.com/normgraph/normgraph"
)

// Limits on what the loader reads (README, "The dataset"). Every file is read with a bound, so
// that a hostile file (a link to /dev/zero, a 100 MB file) costs at most the limit.
const (
	MaxFileSize    = 8 << 20   // bytes of one dataset file (the largest real one is ~140 KB)
	MaxDatasetSize = 256 << 20 // bytes of all dataset files together
	MaxFiles       = 10_000    // *.yaml, *.yml and *.csv files
	MaxTextField   = 10_000    // characters of a long text: summary, quote text, note, definition, ...
	MaxShortField  = 1_000     // characters of any other value: id, name, title, url, a CSV field, ...
	MaxListed      = 100       // problems Errors lists; the rest are counted
	maxLinkHops    = 40        // symbolic links followed in a row before calling it a loop
)

// longText are the YAML keys whose values may be up to MaxTextField characters.
var longText = map[string]bool{"summary": true, "text": true, "itemizedNote": true, "definition": true,
	"rationale": true, "note": true, "gaps": true, "actors": true, "objectives": true, "actions": true, "impacts": true}

// readFile reads one dataset file: a regular file inside the dataset directory (symbolic links
// are followed only while they stay inside it), at most MaxFileSize bytes, valid UTF-8 without
// control characters. It reports a problem and returns nil otherwise.
func (s *state) readFile(fsys fs.FS, p string) []byte {
	target, msg := resolve(fsys, p)
	if msg != "" {
		s.fail(p, 0, "%s", msg)
		return nil
	}
	info, err := fs.Stat(fsys, target)
	if err != nil {
		s.fail(p, 0, "cannot read: %s", ioMessage(err))
		return nil
	}
	if !info.Mode().IsRegular() {
		s.fail(p, 0, "not a regular file (%s): only regular files are read", modeName(info.Mode()))
		return nil
	}
	if info.Size() > MaxFileSize {
		s.fail(p, 0, "%d bytes: larger than the limit of %d bytes per file (split it into several files)", info.Size(), MaxFileSize)
		return nil
	}
	if s.bytes+info.Size() > MaxDatasetSize {
		s.fail(p, 0, "the dataset files together exceed the limit of %d bytes", MaxDatasetSize)
		return nil
	}
	f, err := fsys.Open(target)
	if err != nil {
		s.fail(p, 0, "cannot read: %s", ioMessage(err))
		return nil
	}
	defer f.Close()
	// Stat may not tell the truth (files in /proc say 0 bytes): the read itself is bounded.
	b, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		s.fail(p, 0, "cannot read: %s", ioMessage(err))
		return nil
	}
	if len(b) > MaxFileSize {
		s.fail(p, 0, "larger than the limit of %d bytes per file", MaxFileSize)
		return nil
	}
	s.bytes += int64(len(b))
	if line, msg := checkText(b); msg != "" {
		s.fail(p, line, "%s", msg)
		return nil
	}
	return b
}

// resolve follows the symbolic links of p as long as they stay inside fsys and returns the path
// of the file they lead to, or a message saying why they are refused.
func resolve(fsys fs.FS, p string) (string, string) {
	for hops := 0; ; hops++ {
		info, err := fs.Lstat(fsys, p) // Stat for an fs.FS without links (embedded files)
		if errors.Is(err, fs.ErrNotExist) && hops > 0 {
			return "", "a dangling symbolic link: its target " + p + " does not exist"
		}
		if err != nil {
			return "", "cannot read: " + ioMessage(err)
		}
		if info.Mode()&fs.ModeSymlink == 0 {
			return p, ""
		}
		if hops == maxLinkHops {
			return "", "a symbolic link loop (more than 40 links in a row)"
		}
		dest, err := fs.ReadLink(fsys, p)
		if err != nil {
			return "", "cannot read the symbolic link: " + ioMessage(err)
		}
		next := path.Join(path.Dir(p), dest)
		if path.IsAbs(dest) || !fs.ValidPath(next) {
			return "", fmt.Sprintf("a symbolic link to %s, outside the dataset directory: refused", dest)
		}
		p = next
	}
}

// ioMessage is the reason of an I/O error without the absolute paths the OS adds.
func ioMessage(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	switch {
	case errors.Is(err, syscall.ELOOP):
		return "a symbolic link loop"
	case errors.Is(err, fs.ErrNotExist):
		return "no such file"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	}
	return err.Error()
}

func modeName(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "mode " + m.String()
}

// checkText applies the text rules of every dataset file, YAML and CSV alike: UTF-8, and no
// control characters other than tab, line feed and carriage return. It returns the line of the
// first offending byte and a message, or "".
func checkText(b []byte) (int, string) {
	for off := 0; off < len(b); {
		c := b[off]
		if c < utf8.RuneSelf {
			if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f {
				return lineAt(b, off), fmt.Sprintf("control character 0x%02x at byte %d (column %d): not allowed in a dataset file", c, off, columnAt(b, off))
			}
			off++
			continue
		}
		r, size := utf8.DecodeRune(b[off:])
		if r == utf8.RuneError && size <= 1 {
			return lineAt(b, off), fmt.Sprintf("invalid UTF-8 (byte 0x%02x at byte %d, column %d): dataset files are UTF-8", c, off, columnAt(b, off))
		}
		off += size
	}
	return 0, ""
}

func lineAt(b []byte, off int) int { return bytes.Count(b[:off], []byte{'\n'}) + 1 }

func columnAt(b []byte, off int) int {
	return utf8.RuneCount(b[bytes.LastIndexByte(b[:off], '\n')+1:off]) + 1
}

// fieldLimit is the most characters a value under the YAML key may have.
func fieldLimit(key string) int {
	if longText[key] {
		return MaxTextField
	}
	return MaxShortField
}

// LoadDir loads the dataset in the directory dir with Load, through an os.Root: besides Load's
// own checks (regular files only, links only while they stay inside, bounded reads), the
// operating system refuses any path that leaves the directory. Every command that reads a
// dataset directory (cmd/loader -dir, cmd/server -data) goes through it.
func LoadDir(dir string) (*normgraph.Dataset, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, Errors{{File: dir, Message: "cannot open the dataset directory: " + ioMessage(err)}}
	}
	defer root.Close()
	return Load(root.FS())
}

package normgraph

import (
	"errors"
	"fmt"
)

// Error codes: the one error vocabulary of normgraph. The GraphQL error presenter and the
// commands translate them once.
const (
	ENOTFOUND    = "NOT_FOUND"        // the thing asked for does not exist
	EINVALID     = "INVALID_ARGUMENT" // the caller's input is malformed or out of bounds
	EUNAVAILABLE = "UNAVAILABLE"      // a backend does not answer (retry later)
	EINTERNAL    = "INTERNAL"         // anything else: a bug or an unexpected failure
)

// ErrUnreachable is the cause of an EUNAVAILABLE error when the backend cannot be used at all
// (down, unreachable, refusing the credentials), as opposed to slow, busy or a request's own
// deadline; while it lasts, the server fails requests fast.
var ErrUnreachable = errors.New("backend unreachable")

// ErrRefreshLocked is the cause of a refresh refused because another refresh of the same graph
// holds its lock (Writer.Refresh); the loader exits with a code of its own for it.
var ErrRefreshLocked = errors.New("another refresh holds the lock")

// Error is an error with a code from the vocabulary above and a message safe to show to users.
// Err, when set, is the cause with the details that belong in logs only (addresses, user names,
// driver errors).
type Error struct {
	Code    string
	Message string
	Err     error
}

// Error implements error.
func (e *Error) Error() string { return e.Message }

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for any other
// non-nil error and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message of the first *Error in err's chain, or a generic message for
// internal errors (whose details belong in logs, not in responses).
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}

// ErrorDetail returns err's message with the cause of its first *Error, for logs: never show it
// to clients.
func ErrorDetail(err error) string {
	var e *Error
	if errors.As(err, &e) {
		if e.Err == nil {
			return e.Message
		}
		return e.Message + ": " + e.Err.Error()
	}
	if err == nil {
		return ""
	}
	return err.Error()
}

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

// Error is an error with a code from the vocabulary above and a message safe to show to users.
type Error struct {
	Code    string
	Message string
}

// Error implements error.
func (e *Error) Error() string { return e.Message }

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

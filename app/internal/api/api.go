// Package api is the application's HTTP interface: input validation and JSON shapes, in front of a
// Backend that runs the DBOS workflows (a fake one in the unit tests, so they need no database).
package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Limits of the inputs.
const (
	// MinSleepSeconds and MaxSleepSeconds bound /enqueue/{seconds}: an hour is plenty for a demo and
	// keeps a typo from parking a worker slot for days.
	MinSleepSeconds = 0
	MaxSleepSeconds = 3600
	// MaxWorkflowIDLength bounds /workflow/{id} and /last_step/{id}.
	MaxWorkflowIDLength = 128
	// backendTimeout bounds one database round trip made for a request.
	backendTimeout = 10 * time.Second
)

var workflowIDPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._:-]*$`)

// Errors a Backend returns that map to a client error rather than a 500.
var (
	ErrWorkflowNotFound = errors.New("workflow not found")
	ErrWorkflowConflict = errors.New("workflow ID already used by another workflow")
)

// Backend runs the workflows.
type Backend interface {
	// StartSteps starts the three-step workflow under workflowID (starting it again is a no-op).
	StartSteps(ctx context.Context, workflowID string) error
	// LastStep is the last completed step (0 before the first), or ErrWorkflowNotFound.
	LastStep(ctx context.Context, workflowID string) (int, error)
	// EnqueueSleep enqueues a sleep workflow on the task queue and returns its workflow ID.
	EnqueueSleep(ctx context.Context, seconds int) (string, error)
	// QueueLength counts the workflows ENQUEUED or PENDING on a queue.
	QueueLength(ctx context.Context, queue string) (int, error)
}

// MetricsResponse is the body of /metrics/{queue}, the shape KEDA's metrics-api scaler reads
// (valueLocation: queue_length).
type MetricsResponse struct {
	QueueLength int `json:"queue_length"`
}

// ErrorResponse is the body of every error.
type ErrorResponse struct {
	Error string `json:"error"`
}

// Server serves the endpoints.
type Server struct {
	backend   Backend
	taskQueue string
	queues    []string
	logger    *slog.Logger
}

// New returns the HTTP handler. taskQueue is where /enqueue puts sleep workflows; queues are the
// queues /metrics reports on (others are 404).
func New(backend Backend, taskQueue string, queues []string, logger *slog.Logger) http.Handler {
	s := &Server{backend: backend, taskQueue: taskQueue, queues: slices.Clone(queues), logger: logger}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /workflow/{id}", s.startWorkflow)
	mux.HandleFunc("GET /last_step/{id}", s.lastStep)
	mux.HandleFunc("GET /enqueue/{seconds}", s.enqueue)
	mux.HandleFunc("GET /metrics/{queue}", s.metrics)
	return mux
}

func (s *Server) healthz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte("ok"))
}

func (s *Server) startWorkflow(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if msg := ValidateWorkflowID(id); msg != "" {
		s.writeError(w, http.StatusBadRequest, msg)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), backendTimeout)
	defer cancel()
	if err := s.backend.StartSteps(ctx, id); err != nil {
		s.backendError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"workflow_id": id, "status": "started"})
}

func (s *Server) lastStep(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if msg := ValidateWorkflowID(id); msg != "" {
		s.writeError(w, http.StatusBadRequest, msg)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), backendTimeout)
	defer cancel()
	step, err := s.backend.LastStep(ctx, id)
	if err != nil {
		s.backendError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"workflow_id": id, "last_step": step})
}

func (s *Server) enqueue(w http.ResponseWriter, r *http.Request) {
	seconds, msg := ParseSleepSeconds(r.PathValue("seconds"))
	if msg != "" {
		s.writeError(w, http.StatusBadRequest, msg)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), backendTimeout)
	defer cancel()
	id, err := s.backend.EnqueueSleep(ctx, seconds)
	if err != nil {
		s.backendError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"workflow_id": id, "queue": s.taskQueue, "seconds": seconds})
}

func (s *Server) metrics(w http.ResponseWriter, r *http.Request) {
	queue := r.PathValue("queue")
	if !slices.Contains(s.queues, queue) {
		s.writeError(w, http.StatusNotFound, fmt.Sprintf("unknown queue %q (known: %s)", truncate(queue, 64), strings.Join(s.queues, ", ")))
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), backendTimeout)
	defer cancel()
	n, err := s.backend.QueueLength(ctx, queue)
	if err != nil {
		s.backendError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, MetricsResponse{QueueLength: n})
}

// ParseSleepSeconds validates the {seconds} of /enqueue; the message is empty when it is valid.
func ParseSleepSeconds(raw string) (int, string) {
	n, err := strconv.Atoi(raw)
	if err != nil || n < MinSleepSeconds || n > MaxSleepSeconds {
		return 0, fmt.Sprintf("parameter \"seconds\" must be an integer between %d and %d, got %q",
			MinSleepSeconds, MaxSleepSeconds, truncate(raw, 32))
	}
	return n, ""
}

// ValidateWorkflowID validates a workflow ID from the path; the message is empty when it is valid.
func ValidateWorkflowID(id string) string {
	if len(id) > MaxWorkflowIDLength || !workflowIDPattern.MatchString(id) {
		return fmt.Sprintf("parameter \"id\" must be 1 to %d characters of letters, digits, '.', '_', ':' and '-' "+
			"starting with a letter or digit, got %q", MaxWorkflowIDLength, truncate(id, 32))
	}
	return ""
}

func (s *Server) backendError(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, ErrWorkflowNotFound):
		s.writeError(w, http.StatusNotFound, err.Error())
	case errors.Is(err, ErrWorkflowConflict):
		s.writeError(w, http.StatusConflict, err.Error())
	case errors.Is(err, context.DeadlineExceeded):
		s.logger.Error("request timed out", "path", r.URL.Path, "error", err)
		s.writeError(w, http.StatusServiceUnavailable, "the workflow database did not answer in time")
	default:
		// The detail goes to the log, not to the client.
		s.logger.Error("request failed", "path", r.URL.Path, "error", err)
		s.writeError(w, http.StatusInternalServerError, "internal error")
	}
}

func (s *Server) writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, ErrorResponse{Error: msg})
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// truncate keeps error messages short whatever a client sends.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

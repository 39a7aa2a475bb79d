package api

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// fakeBackend records calls and answers from fields: no database.
type fakeBackend struct {
	mu          sync.Mutex
	started     []string
	enqueued    []int
	lastStep    map[string]int
	queueLength int
	err         error
}

func (f *fakeBackend) StartSteps(_ context.Context, id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return f.err
	}
	f.started = append(f.started, id)
	return nil
}

func (f *fakeBackend) LastStep(_ context.Context, id string) (int, error) {
	if f.err != nil {
		return 0, f.err
	}
	step, ok := f.lastStep[id]
	if !ok {
		return 0, ErrWorkflowNotFound
	}
	return step, nil
}

func (f *fakeBackend) EnqueueSleep(_ context.Context, seconds int) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return "", f.err
	}
	f.enqueued = append(f.enqueued, seconds)
	return "wf-sleep-1", nil
}

func (f *fakeBackend) QueueLength(_ context.Context, _ string) (int, error) {
	return f.queueLength, f.err
}

func newServer(b Backend) http.Handler {
	return New(b, "taskQueue", []string{"taskQueue"}, slog.New(slog.NewTextHandler(io.Discard, nil)))
}

func get(t *testing.T, h http.Handler, path string) (int, string, http.Header) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec.Code, rec.Body.String(), rec.Header()
}

func decode(t *testing.T, body string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatalf("body is not a JSON object: %v\n%s", err, body)
	}
	return m
}

func TestHealthz(t *testing.T) {
	code, body, _ := get(t, newServer(&fakeBackend{}), "/healthz")
	if code != http.StatusOK || body != "ok" {
		t.Fatalf("GET /healthz = %d %q, want 200 \"ok\"", code, body)
	}
}

func TestEnqueueValidInput(t *testing.T) {
	for _, tc := range []struct {
		raw  string
		want int
	}{{"0", 0}, {"2", 2}, {"30", 30}, {"3600", 3600}} {
		b := &fakeBackend{}
		code, body, hdr := get(t, newServer(b), "/enqueue/"+tc.raw)
		if code != http.StatusOK {
			t.Fatalf("GET /enqueue/%s = %d %s, want 200", tc.raw, code, body)
		}
		if ct := hdr.Get("Content-Type"); ct != "application/json" {
			t.Errorf("Content-Type = %q", ct)
		}
		m := decode(t, body)
		if m["seconds"] != float64(tc.want) || m["queue"] != "taskQueue" || m["workflow_id"] != "wf-sleep-1" {
			t.Errorf("GET /enqueue/%s body = %v", tc.raw, m)
		}
		if len(b.enqueued) != 1 || b.enqueued[0] != tc.want {
			t.Errorf("backend enqueued %v, want [%d]", b.enqueued, tc.want)
		}
	}
}

func TestEnqueueRejectsBadInput(t *testing.T) {
	for _, raw := range []string{"abc", "-1", "3601", "99999999999999999999999", "1.5", "2s", "0x10", "%20", "1e3"} {
		b := &fakeBackend{}
		code, body, _ := get(t, newServer(b), "/enqueue/"+raw)
		if code != http.StatusBadRequest {
			t.Fatalf("GET /enqueue/%s = %d, want 400 (%s)", raw, code, body)
		}
		msg, _ := decode(t, body)["error"].(string)
		// The message names the parameter, the allowed range and the value given.
		for _, part := range []string{`"seconds"`, "integer", "between 0 and 3600", "got "} {
			if !strings.Contains(msg, part) {
				t.Errorf("GET /enqueue/%s error %q lacks %q", raw, msg, part)
			}
		}
		if len(b.enqueued) != 0 {
			t.Errorf("GET /enqueue/%s reached the backend", raw)
		}
	}
}

func TestParseSleepSecondsMessageQuotesValue(t *testing.T) {
	_, msg := ParseSleepSeconds("-5")
	want := `parameter "seconds" must be an integer between 0 and 3600, got "-5"`
	if msg != want {
		t.Fatalf("message = %q, want %q", msg, want)
	}
	long := strings.Repeat("9", 200)
	if _, msg := ParseSleepSeconds(long); len(msg) > 150 {
		t.Errorf("message for a long value is %d bytes: the value must be truncated", len(msg))
	}
}

func TestMetricsShape(t *testing.T) {
	for _, n := range []int{0, 7} {
		code, body, hdr := get(t, newServer(&fakeBackend{queueLength: n}), "/metrics/taskQueue")
		if code != http.StatusOK {
			t.Fatalf("GET /metrics/taskQueue = %d %s", code, body)
		}
		if ct := hdr.Get("Content-Type"); ct != "application/json" {
			t.Errorf("Content-Type = %q", ct)
		}
		m := decode(t, body)
		if len(m) != 1 || m["queue_length"] != float64(n) {
			t.Errorf("body = %s, want exactly {\"queue_length\": %d}", body, n)
		}
		if strings.TrimSpace(body) != `{"queue_length":`+map[int]string{0: "0", 7: "7"}[n]+`}` {
			t.Errorf("body = %q", body)
		}
	}
}

func TestMetricsUnknownQueueIs404(t *testing.T) {
	code, body, _ := get(t, newServer(&fakeBackend{}), "/metrics/otherQueue")
	if code != http.StatusNotFound {
		t.Fatalf("GET /metrics/otherQueue = %d, want 404", code)
	}
	msg, _ := decode(t, body)["error"].(string)
	if !strings.Contains(msg, `"otherQueue"`) || !strings.Contains(msg, "taskQueue") {
		t.Errorf("error %q should name the unknown queue and the known ones", msg)
	}
}

func TestMetricsBackendFailureIs500WithoutDetail(t *testing.T) {
	code, body, _ := get(t, newServer(&fakeBackend{err: errors.New("password authentication failed for user x")}), "/metrics/taskQueue")
	if code != http.StatusInternalServerError {
		t.Fatalf("code = %d, want 500", code)
	}
	if strings.Contains(body, "password") {
		t.Errorf("the client sees the backend's error: %s", body)
	}
}

func TestBackendTimeoutIs503(t *testing.T) {
	code, _, _ := get(t, newServer(&fakeBackend{err: context.DeadlineExceeded}), "/metrics/taskQueue")
	if code != http.StatusServiceUnavailable {
		t.Fatalf("code = %d, want 503", code)
	}
}

func TestStartWorkflow(t *testing.T) {
	b := &fakeBackend{}
	code, body, _ := get(t, newServer(b), "/workflow/test-1")
	if code != http.StatusOK {
		t.Fatalf("GET /workflow/test-1 = %d %s", code, body)
	}
	m := decode(t, body)
	if m["workflow_id"] != "test-1" || m["status"] != "started" {
		t.Errorf("body = %v", m)
	}
	if len(b.started) != 1 || b.started[0] != "test-1" {
		t.Errorf("started = %v", b.started)
	}
}

func TestWorkflowIDValidation(t *testing.T) {
	for _, bad := range []string{"-leading-dash", ".hidden", "has%20space", "semi;colon", "quote%22", strings.Repeat("a", MaxWorkflowIDLength+1)} {
		for _, prefix := range []string{"/workflow/", "/last_step/"} {
			b := &fakeBackend{lastStep: map[string]int{}}
			code, body, _ := get(t, newServer(b), prefix+bad)
			if code != http.StatusBadRequest {
				t.Fatalf("GET %s%s = %d, want 400", prefix, bad, code)
			}
			if msg, _ := decode(t, body)["error"].(string); !strings.Contains(msg, `"id"`) {
				t.Errorf("error %q should name the parameter", msg)
			}
			if len(b.started) != 0 {
				t.Errorf("GET %s%s reached the backend", prefix, bad)
			}
		}
	}
	for _, good := range []string{"a", "test-1", "order_42", "batch.7:retry-2", strings.Repeat("a", MaxWorkflowIDLength)} {
		if msg := ValidateWorkflowID(good); msg != "" {
			t.Errorf("ValidateWorkflowID(%q) = %q, want valid", good, msg)
		}
	}
}

func TestLastStep(t *testing.T) {
	h := newServer(&fakeBackend{lastStep: map[string]int{"wf-1": 3}})
	code, body, _ := get(t, h, "/last_step/wf-1")
	if code != http.StatusOK {
		t.Fatalf("code = %d %s", code, body)
	}
	m := decode(t, body)
	if m["last_step"] != float64(3) || m["workflow_id"] != "wf-1" {
		t.Errorf("body = %v", m)
	}
	if code, _, _ := get(t, h, "/last_step/nope"); code != http.StatusNotFound {
		t.Errorf("unknown workflow: code = %d, want 404", code)
	}
}

func TestWorkflowConflictIs409(t *testing.T) {
	code, _, _ := get(t, newServer(&fakeBackend{err: ErrWorkflowConflict}), "/workflow/x")
	if code != http.StatusConflict {
		t.Fatalf("code = %d, want 409", code)
	}
}

func TestRoutes(t *testing.T) {
	h := newServer(&fakeBackend{})
	if code, _, _ := get(t, h, "/nope"); code != http.StatusNotFound {
		t.Errorf("GET /nope = %d, want 404", code)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/enqueue/5", nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST /enqueue/5 = %d, want 405", rec.Code)
	}
}

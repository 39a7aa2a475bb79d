// Package workflows holds the DBOS workflows of the sample application and the api.Backend that runs
// them through the DBOS Go SDK.
package workflows

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/dbos-inc/dbos-transact-golang/dbos"

	"dbos-conductor-app/internal/api"
)

const (
	// StepsEvent is the event key under which the three-step workflow publishes its last completed step.
	StepsEvent = "steps_event"
	// TaskQueue is the queue the sleep workflows run on (KEDA scales the Deployment on its length).
	TaskQueue = "taskQueue"
	// TaskQueueWorkerConcurrency is how many sleep workflows one process runs at once.
	TaskQueueWorkerConcurrency = 2

	stepsWorkflowName = "StepsWorkflow"
	sleepWorkflowName = "SleepWorkflow"
)

// StepsInput is the three-step workflow's input. The step duration travels with the workflow (it is
// checkpointed with it), so a recovered workflow behaves as it started whatever the configuration is now.
type StepsInput struct {
	StepMillis int64 `json:"step_millis"`
}

// StepsWorkflow runs three steps in order and, after each, publishes its number as the StepsEvent event.
func StepsWorkflow(ctx dbos.Context, in StepsInput) (string, error) {
	pause := time.Duration(in.StepMillis) * time.Millisecond
	for i := 1; i <= 3; i++ {
		n := i
		if _, err := dbos.RunAsStep(ctx, func(stepCtx context.Context) (string, error) {
			return runStep(stepCtx, n, pause)
		}, dbos.WithStepName(fmt.Sprintf("step%d", n))); err != nil {
			return "", err
		}
		if err := dbos.SetEvent(ctx, StepsEvent, n); err != nil {
			return "", err
		}
	}
	return "Workflow completed", nil
}

// runStep is the body of one step: it stands for real work that takes some time.
func runStep(ctx context.Context, n int, pause time.Duration) (string, error) {
	t := time.NewTimer(pause)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	return fmt.Sprintf("Step %d completed", n), nil
}

// SleepWorkflow sleeps durably (the wake-up time is checkpointed, so a restart does not sleep again).
func SleepWorkflow(ctx dbos.Context, seconds int) (string, error) {
	if _, err := dbos.Sleep(ctx, time.Duration(seconds)*time.Second); err != nil {
		return "", err
	}
	return fmt.Sprintf("Slept for %d seconds", seconds), nil
}

// Service registers the workflows and the queue on a DBOS context and implements api.Backend.
type Service struct {
	dbos         dbos.Context
	queue        dbos.Queue
	stepDuration time.Duration
	logger       *slog.Logger
}

// Register registers the workflows and the task queue. Call it after dbos.NewContext and before dbos.Launch.
func Register(ctx dbos.Context, stepDuration time.Duration, logger *slog.Logger) (*Service, error) {
	dbos.RegisterWorkflow(ctx, StepsWorkflow, dbos.WithWorkflowName(stepsWorkflowName))
	dbos.RegisterWorkflow(ctx, SleepWorkflow, dbos.WithWorkflowName(sleepWorkflowName))
	queue, err := dbos.RegisterQueue(ctx, TaskQueue, dbos.WithWorkerConcurrency(TaskQueueWorkerConcurrency))
	if err != nil {
		return nil, fmt.Errorf("registering queue %s: %w", TaskQueue, err)
	}
	return &Service{dbos: ctx, queue: queue, stepDuration: stepDuration, logger: logger}, nil
}

// Queues are the queues the service runs (the ones /metrics reports on).
func (s *Service) Queues() []string { return []string{TaskQueue} }

var _ api.Backend = (*Service)(nil)

// StartSteps starts the three-step workflow; the workflow runs on in the background after the request.
func (s *Service) StartSteps(_ context.Context, workflowID string) error {
	_, err := dbos.RunWorkflow(s.dbos, StepsWorkflow, StepsInput{StepMillis: s.stepDuration.Milliseconds()},
		dbos.WithWorkflowID(workflowID))
	return classify(err)
}

// LastStep reads the StepsEvent event of a workflow without waiting: 0 while no step has completed.
func (s *Service) LastStep(ctx context.Context, workflowID string) (int, error) {
	dctx, cancel := s.bounded(ctx)
	defer cancel()
	if _, err := dbos.RetrieveWorkflow[string](dctx, workflowID); err != nil {
		return 0, classify(err)
	}
	step, err := dbos.GetEvent[int](dctx, workflowID, StepsEvent, 0)
	if errors.Is(err, dbos.ErrTimeout) {
		return 0, nil // no step has completed yet
	}
	if err != nil {
		return 0, classify(err)
	}
	return step, nil
}

// EnqueueSleep enqueues a sleep workflow on the task queue.
func (s *Service) EnqueueSleep(_ context.Context, seconds int) (string, error) {
	handle, err := dbos.RunWorkflow(s.dbos, SleepWorkflow, seconds, dbos.WithQueue(s.queue))
	if err != nil {
		return "", classify(err)
	}
	return handle.GetWorkflowID(), nil
}

// QueueLength counts the workflows of a queue that are waiting (ENQUEUED) or running (PENDING), through
// the SDK's ListWorkflows with queue and status filters, loading neither inputs nor outputs.
func (s *Service) QueueLength(ctx context.Context, queue string) (int, error) {
	dctx, cancel := s.bounded(ctx)
	defer cancel()
	list, err := dbos.ListWorkflows(dctx,
		dbos.WithFilterQueueName(queue),
		dbos.WithFilterStatus(dbos.WorkflowStatusEnqueued, dbos.WorkflowStatusPending),
		dbos.WithFilterLoadInput(false),
		dbos.WithFilterLoadOutput(false))
	if err != nil {
		return 0, err
	}
	return len(list), nil
}

// bounded derives a DBOS context that ends with the request (or its deadline), for read-only calls.
// Workflows are started on the root context instead: they must outlive the request.
func (s *Service) bounded(ctx context.Context) (dbos.Context, context.CancelFunc) {
	if deadline, ok := ctx.Deadline(); ok {
		return dbos.WithTimeout(s.dbos, time.Until(deadline))
	}
	return dbos.WithCancel(s.dbos)
}

// classify maps the SDK's errors onto the API's client errors.
func classify(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, dbos.ErrNonExistentWorkflow):
		return fmt.Errorf("%w: %v", api.ErrWorkflowNotFound, err)
	case errors.Is(err, dbos.ErrUnexpectedWorkflow), errors.Is(err, dbos.ErrConflictingWorkflowID):
		return fmt.Errorf("%w: %v", api.ErrWorkflowConflict, err)
	default:
		return err
	}
}

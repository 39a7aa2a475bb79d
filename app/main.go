// Command dbos-app is the sample DBOS application of the self-hosted Conductor deployment: a three-step
// workflow that reports its progress through an event, sleep workflows on a queue whose length KEDA
// scales on, and an optional connection to Conductor.
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/dbos-inc/dbos-transact-golang/dbos"

	"dbos-conductor-app/internal/api"
	"dbos-conductor-app/internal/config"
	"dbos-conductor-app/internal/workflows"
)

func main() {
	logger := slog.New(slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{Level: slog.LevelInfo}))
	if err := run(logger); err != nil {
		logger.Error("dbos-app stopped with an error", "error", err.Error())
		os.Exit(1)
	}
}

func run(logger *slog.Logger) error {
	cfg, err := config.Load(os.Getenv)
	if err != nil {
		return err
	}
	for _, w := range cfg.Warnings {
		logger.Warn(w)
	}
	logger.Info("starting dbos-app",
		"app_name", cfg.AppName, "app_version", cfg.AppVersion,
		"database", config.Redacted(cfg.DatabaseURL), "skip_migrations", cfg.SkipMigrations,
		"conductor", cfg.ConductorEnabled(), "conductor_url", cfg.ConductorURL, "port", cfg.Port)

	// SIGTERM (Kubernetes) and SIGINT (a terminal) start a graceful shutdown.
	signals, stopSignals := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stopSignals()

	dbosConfig := dbos.Config{
		AppName:            cfg.AppName,
		ApplicationVersion: cfg.AppVersion,
		DatabaseURL:        cfg.DatabaseURL,
		SkipMigrations:     cfg.SkipMigrations,
		Logger:             logger,
	}
	if cfg.ConductorEnabled() {
		dbosConfig.ConductorURL = cfg.ConductorURL
		dbosConfig.ConductorAPIKey = cfg.ConductorKey
	}
	dbosCtx, err := dbos.NewContext(context.Background(), dbosConfig)
	if err != nil {
		return fmt.Errorf("initializing DBOS: %w", err)
	}
	service, err := workflows.Register(dbosCtx, cfg.StepDuration, logger)
	if err != nil {
		_ = dbos.Shutdown(dbosCtx, cfg.ShutdownTimeout)
		return err
	}
	if err := dbos.Launch(dbosCtx); err != nil {
		_ = dbos.Shutdown(dbosCtx, cfg.ShutdownTimeout)
		return fmt.Errorf("launching DBOS: %w", err)
	}

	server := &http.Server{
		Addr:              net.JoinHostPort("", strconv.Itoa(cfg.Port)),
		Handler:           api.New(service, workflows.TaskQueue, service.Queues(), logger),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	serveErr := make(chan error, 1)
	go func() {
		logger.Info("HTTP server listening", "addr", server.Addr)
		if err := server.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			serveErr <- err
		}
		close(serveErr)
	}()

	var runErr error
	select {
	case <-signals.Done():
		logger.Info("shutdown signal received: draining HTTP requests, then stopping DBOS", "timeout", cfg.ShutdownTimeout.String())
	case err := <-serveErr:
		runErr = fmt.Errorf("HTTP server: %w", err)
	}
	stopSignals() // a second signal kills the process at once

	// Half the budget for in-flight requests, the rest for DBOS: workflows still running are left PENDING
	// and resume from their last completed step when an executor recovers them.
	deadline := time.Now().Add(cfg.ShutdownTimeout)
	httpCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout/2)
	defer cancel()
	if err := server.Shutdown(httpCtx); err != nil {
		logger.Warn("HTTP server did not drain in time", "error", err.Error())
	}
	if err := dbos.Shutdown(dbosCtx, max(time.Until(deadline), time.Second)); err != nil {
		logger.Warn("DBOS did not stop in time", "error", err.Error())
	}
	logger.Info("dbos-app stopped")
	return runErr
}

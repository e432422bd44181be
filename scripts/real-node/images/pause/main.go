// Command pause is the sandbox ("pause") container of the real-node lane: it holds the
// pod's namespaces, reaps orphaned children (it is PID 1 when the pod shares its process
// namespace) and exits on SIGINT or SIGTERM. The project builds it because no image
// registry is reachable for the usual one.
package main

import (
	"os"
	"os/signal"
	"syscall"
)

func main() {
	signals := make(chan os.Signal, 8)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM, syscall.SIGCHLD)
	for sig := range signals {
		if sig != syscall.SIGCHLD {
			os.Exit(0)
		}
		for {
			pid, err := syscall.Wait4(-1, nil, syscall.WNOHANG, nil)
			if pid <= 0 || err != nil {
				break
			}
		}
	}
}

package harness

// Kill ends a child service at once, as a crash would.
func (s *Service) Kill() { _ = s.cmd.Process.Kill() }

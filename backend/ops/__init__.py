"""Operations: the coopbot command line, the process list make run starts, housekeeping."""

// What a test program does before Catch2 runs its cases (tests/catch_runner/catch_runner.cpp
// is the main of every test program).
#pragma once

void prepare_test_run();

# Read by ctest after the discovered tests: the [mariadb] scenarios need both the local
# AWS stack and the throw-away MariaDB.
foreach(scenario IN LISTS NIAM_MARIADB_SCENARIOS)
  set_tests_properties("${scenario}" PROPERTIES
    FIXTURES_REQUIRED "aws_stack;mariadb" RESOURCE_LOCK "aws_stack;mariadb")
endforeach()

# Read by ctest after the discovered tests: the [mariadb] scenarios need both the local
# AWS stack and the throw-away MariaDB.
foreach(scenario IN LISTS NIAM_MARIADB_SCENARIOS)
  set_tests_properties("${scenario}" PROPERTIES
    FIXTURES_REQUIRED "aws_stack;mariadb" RESOURCE_LOCK "aws_stack;mariadb")
endforeach()
# Ten SIGKILLed leaders and their take-overs (niamd_two_masters_test.cpp): about 70 s here.
foreach(scenario IN LISTS NIAM_MARIADB_SCENARIOS)
  if(scenario MATCHES "two masters on one MariaDB")
    set_tests_properties("${scenario}" PROPERTIES TIMEOUT 240)
  endif()
endforeach()

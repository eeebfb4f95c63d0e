# The packaged copy of scripts/niamd.service: ExecStart on the installed niamd (-DNIAMD), the
# man page as its documentation, and a header for a packaged unit. Everything else (the
# service's user, its hardening) is the script's own, line for line.
#   cmake -DINPUT=scripts/niamd.service -DOUTPUT=niamd.service -DNIAMD=/usr/sbin/niamd -P package_unit.cmake
file(READ ${INPUT} unit)
string(FIND "${unit}" "[Unit]" start)
if(start LESS 0)
  message(FATAL_ERROR "${INPUT}: no [Unit] section")
endif()
string(SUBSTRING "${unit}" ${start} -1 unit)
string(REGEX MATCH "\nExecStart=[^\n]*" exec_start "${unit}")
string(STRIP "${exec_start}" exec_start)
string(REGEX REPLACE "\nExecStart=([-+!@:]*)[^ \n]*/niamd( |\n)" "\nExecStart=\\1${NIAMD}\\2" unit "${unit}")
if(NOT unit MATCHES "\nExecStart=[-+!@:]*${NIAMD}[ \n]")
  message(FATAL_ERROR "${INPUT}: its ExecStart line (${exec_start}) does not start a niamd")
endif()
string(REGEX REPLACE "\nDocumentation=[^\n]*" "\nDocumentation=man:niamd(8)" unit "${unit}")
file(WRITE ${OUTPUT}.tmp "# niamd, as installed by the niamd package. Its options go in NIAMD_ARGS of
# /etc/default/niamd; then: systemctl enable --now niamd. See niamd(8).
${unit}")
file(RENAME ${OUTPUT}.tmp ${OUTPUT})

#ifndef THIDUA_CYAML_SHIM_H
#define THIDUA_CYAML_SHIM_H
/* The system libyaml (Debian: libyaml-dev). Only ThiDuaYAML imports this module. */
#include <yaml.h>
#endif

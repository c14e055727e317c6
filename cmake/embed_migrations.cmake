# Turns the numbered migrations of both engines into C tables of
# { version, name, sql } entries, sorted by version:
#   src/store/migrations/NNN_name.sql        -> store_migrations[] (SQLite)
#   src/store/migrations/pgsql/NNN_name.sql  -> store_migrations_pgsql[]
# The two lists must hold the same numbers and names: a database is
# migrated in the same steps on either engine.
#
# Run as a script: cmake -DOUT=file.c -DDIR=src/store/migrations -P this.
# Included (from CMakeLists.txt) it only defines
# zk_migrations_check(DIR), which the configure step calls too so that a
# mismatch stops it at once.

if(CMAKE_SCRIPT_MODE_FILE)
  cmake_policy(VERSION 3.20)
endif()

# Fails with a clear message unless DIR/*.sql and DIR/pgsql/*.sql are
# numbered and named alike, each NNN_name.sql.
function(zk_migrations_check dir)
  foreach(sub "" "/pgsql")
    file(GLOB files ${dir}${sub}/*.sql)
    set(names "")
    set(nums "")
    foreach(f ${files})
      get_filename_component(base ${f} NAME_WE)
      if(NOT base MATCHES "^[0-9][0-9][0-9]_[a-z0-9_]+$")
        message(FATAL_ERROR "migration ${f}: the name is not NNN_name.sql")
      endif()
      string(SUBSTRING ${base} 0 3 num)
      if(num IN_LIST nums)
        message(FATAL_ERROR "migration ${f}: a second migration ${num}")
      endif()
      list(APPEND nums ${num})
      list(APPEND names ${base})
    endforeach()
    list(SORT names)
    if(sub STREQUAL "")
      set(names_sqlite ${names})
    else()
      set(names_pgsql ${names})
    endif()
  endforeach()
  if(NOT "${names_sqlite}" STREQUAL "${names_pgsql}")
    set(only_sqlite ${names_sqlite})
    set(only_pgsql ${names_pgsql})
    if(names_pgsql)
      list(REMOVE_ITEM only_sqlite ${names_pgsql})
    endif()
    if(names_sqlite)
      list(REMOVE_ITEM only_pgsql ${names_sqlite})
    endif()
    foreach(v only_sqlite only_pgsql)
      if(NOT ${v})
        set(${v} "(none)")
      endif()
      string(REPLACE ";" " " ${v} "${${v}}")
    endforeach()
    message(FATAL_ERROR
      "The SQLite and PostgreSQL migrations differ; every "
      "src/store/migrations/NNN_name.sql needs its "
      "src/store/migrations/pgsql/NNN_name.sql, with the same number and "
      "name, and no other.\n"
      "  only SQLite:     ${only_sqlite}\n"
      "  only PostgreSQL: ${only_pgsql}")
  endif()
endfunction()

# The table ${table}[] and ${table}_count of the migrations in dir,
# appended to the variables named by body_var and table_var.
function(zk_migrations_embed dir table body_var table_var)
  file(GLOB files ${dir}/*.sql)
  list(SORT files)
  set(_body "")
  set(_tab "const struct store_migration ${table}[] = {\n")
  set(i 0)
  foreach(f ${files})
    get_filename_component(base ${f} NAME_WE)
    string(REGEX MATCH "^([0-9]+)_(.*)$" _ ${base})
    set(ver ${CMAKE_MATCH_1})
    set(name ${CMAKE_MATCH_2})
    math(EXPR ver "${ver} + 0")
    file(READ ${f} hex HEX)
    string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," hex "${hex}")
    string(APPEND _body "static const char ${table}_${i}[] = {${hex}0x00};\n")
    string(APPEND _tab "\t{${ver}, \"${name}\", ${table}_${i}},\n")
    math(EXPR i "${i} + 1")
  endforeach()
  string(APPEND _tab "};\nconst size_t ${table}_count = ${i};\n")
  set(${body_var} "${${body_var}}${_body}" PARENT_SCOPE)
  set(${table_var} "${${table_var}}${_tab}\n" PARENT_SCOPE)
endfunction()

if(CMAKE_SCRIPT_MODE_FILE)
  zk_migrations_check(${DIR})
  set(body "/* Generated from src/store/migrations; do not edit. */\n#include <stddef.h>\n#include \"store/migrations.h\"\n\n")
  set(tables "")
  zk_migrations_embed(${DIR} store_migrations body tables)
  zk_migrations_embed(${DIR}/pgsql store_migrations_pgsql body tables)
  file(WRITE ${OUT}.tmp "${body}\n${tables}")
  file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
endif()

package io.sluice.testkit.redshift;

/**
 * Server-side helpers that the SQL generated for a COPY calls, installed once into the database template.
 *
 * <p>The check needs the number of target columns, which only the server knows when the COPY has no column list;
 * raising from inside the {@code INSERT} fails the statement as Redshift's "Delimiter not found" and "Extra
 * column(s) found" load errors do.
 */
final class CopySupportFunctions {

  static final String SCHEMA = "local_redshift";
  static final String CHECK_FIELD_COUNT = SCHEMA + ".check_field_count";

  static final String DDL = """
      CREATE SCHEMA %1$s;
      CREATE FUNCTION %2$s(target_table text, file text, record bigint, field_count integer,
                           column_count bigint, fill_record boolean)
      RETURNS boolean LANGUAGE plpgsql AS $body$
      DECLARE
        problem text := format(
          'Load into table %%L failed: record %%s of %%s has %%s fields but %%s columns are loaded',
          target_table, record, file, field_count, column_count);
      BEGIN
        IF field_count > column_count THEN
          RAISE EXCEPTION USING ERRCODE = 'XX000', MESSAGE = problem || ' (Extra column(s) found)';
        END IF;
        IF field_count < column_count AND NOT fill_record THEN
          RAISE EXCEPTION USING ERRCODE = 'XX000',
            MESSAGE = problem || ' (Delimiter not found; FILLRECORD pads short records)';
        END IF;
        RETURN true;
      END
      $body$;
      GRANT USAGE ON SCHEMA %1$s TO PUBLIC;
      """.formatted(SCHEMA, CHECK_FIELD_COUNT);

  private CopySupportFunctions() {}
}

//! The queries every table of one user's simple entities shares (notes, deals, tasks, task
//! lists): written once here, expanded in each table's module with its table, row and forms.

/// `find`, `insert` and `update` of a table with `id` and `user_id` columns, read as `$row`,
/// written with `$insert` (an `XInsertForm`) and `$update` (an `XUpdateForm`).
macro_rules! owned_queries {
    ($table:ident, $row:ident, $insert:ident, $update:ident) => {
        /// The user's entity `id`, if it is theirs.
        pub fn find(conn: &mut AnyConnection, user_id: i64, id: i64) -> Result<Option<$row>> {
            Ok($table::table
                .filter($table::user_id.eq(user_id))
                .filter($table::id.eq(id))
                .select($row::as_select())
                .first(conn)
                .optional()?)
        }

        pub fn insert(conn: &mut AnyConnection, form: &$insert) -> Result<$row> {
            Ok(diesel::insert_into($table::table)
                .values(form)
                .returning($table::all_columns)
                .get_result(conn)?)
        }

        pub fn update(conn: &mut AnyConnection, id: i64, form: &$update) -> Result<$row> {
            Ok(diesel::update($table::table.filter($table::id.eq(id)))
                .set(form)
                .returning($table::all_columns)
                .get_result(conn)?)
        }
    };
}

/// `delete` and `delete_for_user` of a table whose rows nothing else needs cleared first.
macro_rules! owned_deletes {
    ($table:ident) => {
        /// Deletes the user's entity `id`; answers whether it was theirs.
        pub fn delete(conn: &mut AnyConnection, user_id: i64, id: i64) -> Result<bool> {
            let n = diesel::delete(
                $table::table
                    .filter($table::user_id.eq(user_id))
                    .filter($table::id.eq(id)),
            )
            .execute(conn)?;
            Ok(n == 1)
        }

        /// Deletes all of a user's (wipe-out).
        pub fn delete_for_user(conn: &mut AnyConnection, user_id: i64) -> Result<usize> {
            Ok(diesel::delete($table::table.filter($table::user_id.eq(user_id))).execute(conn)?)
        }
    };
}

/// `ids_by_contact` and `of_contacts` of a table with a nullable `contact_id` column.
macro_rules! contact_queries {
    ($table:ident, $row:ident) => {
        /// The ids of the entities of each of the given contacts, ascending.
        pub fn ids_by_contact(
            conn: &mut AnyConnection,
            contact_ids: &[i64],
        ) -> Result<std::collections::HashMap<i64, Vec<i64>>> {
            let mut out: std::collections::HashMap<i64, Vec<i64>> =
                std::collections::HashMap::new();
            for chunk in contact_ids.chunks(500) {
                let rows: Vec<(Option<i64>, i64)> = $table::table
                    .filter($table::contact_id.eq_any(chunk))
                    .order(($table::contact_id, $table::id))
                    .select(($table::contact_id, $table::id))
                    .load(conn)?;
                for (c, id) in rows {
                    if let Some(c) = c {
                        out.entry(c).or_default().push(id);
                    }
                }
            }
            Ok(out)
        }

        /// The user's entities of the contacts `from`, by id.
        pub fn of_contacts(
            conn: &mut AnyConnection,
            user_id: i64,
            from: &[i64],
        ) -> Result<Vec<$row>> {
            Ok($table::table
                .filter($table::user_id.eq(user_id))
                .filter($table::contact_id.eq_any(from))
                .order($table::id.asc())
                .select($row::as_select())
                .load(conn)?)
        }
    };
}

pub(crate) use {contact_queries, owned_deletes, owned_queries};

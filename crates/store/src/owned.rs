//! The queries every table of one user's simple entities shares (notes, deals, tasks, task
//! lists): written once here, expanded in each table's module with its table, row and forms.

/// `$name(conn, user_id, key)`: the user's `$row` whose `$column` is `key`, if any (a key
/// unique among the user's rows of `$table`).
macro_rules! owned_find_by {
    ($(#[$doc:meta])* $name:ident, $table:ident, $column:ident: $key:ty, $row:ident) => {
        $(#[$doc])*
        pub fn $name(conn: &mut AnyConnection, user_id: i64, key: $key) -> Result<Option<$row>> {
            Ok($table::table
                .filter($table::user_id.eq(user_id))
                .filter($table::$column.eq(key))
                .select($row::as_select())
                .first(conn)
                .optional()?)
        }
    };
}

/// `find` of a table with `id` and `user_id` columns, read as `$row`.
macro_rules! owned_find {
    ($table:ident, $row:ident) => {
        $crate::owned::owned_find_by!(
            /// The user's entity `id`, if it is theirs.
            find, $table, id: i64, $row
        );
    };
}

/// `insert` of a table: writes `$insert`, answers the stored `$row`.
macro_rules! insert_returning {
    ($table:ident, $row:ident, $insert:ident) => {
        pub fn insert(conn: &mut AnyConnection, form: &$insert) -> Result<$row> {
            Ok(diesel::insert_into($table::table)
                .values(form)
                .returning($table::all_columns)
                .get_result(conn)?)
        }
    };
}

/// `find`, `insert` and `update` of a table with `id` and `user_id` columns, read as `$row`,
/// written with `$insert` (an `XInsertForm`) and `$update` (an `XUpdateForm`).
macro_rules! owned_queries {
    ($table:ident, $row:ident, $insert:ident, $update:ident) => {
        $crate::owned::owned_find!($table, $row);
        $crate::owned::insert_returning!($table, $row, $insert);

        pub fn update(conn: &mut AnyConnection, id: i64, form: &$update) -> Result<$row> {
            Ok(diesel::update($table::table.filter($table::id.eq(id)))
                .set(form)
                .returning($table::all_columns)
                .get_result(conn)?)
        }
    };
}

/// The row of a table of one user's entities (`id`, `user_id`, then `$field`s in the order
/// of the table's columns), its full update form (the `$field`s, `None` written as NULL) and
/// the form of a stored row: each field is listed once, here.
macro_rules! owned_row {
    (
        $table:ident,
        $(#[$row_doc:meta])* $row:ident,
        $(#[$form_doc:meta])* $form:ident {
            $($(#[$field_doc:meta])* $field:ident: $ty:ty,)*
        }
    ) => {
        $(#[$row_doc])*
        #[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
        #[diesel(table_name = $table)]
        pub struct $row {
            pub id: i64,
            pub user_id: i64,
            $($(#[$field_doc])* pub $field: $ty,)*
        }

        $(#[$form_doc])*
        #[derive(Debug, Clone, Insertable, AsChangeset)]
        #[diesel(table_name = $table, treat_none_as_null = true)]
        pub struct $form {
            $($(#[$field_doc])* pub $field: $ty,)*
        }

        impl From<$row> for $form {
            fn from(r: $row) -> Self {
                $form {
                    $($field: r.$field,)*
                }
            }
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
            let rows: Vec<(Option<i64>, i64)> = $table::table
                .filter($crate::idlist::in_ids($table::contact_id, contact_ids))
                .order(($table::contact_id, $table::id))
                .select(($table::contact_id, $table::id))
                .load(conn)?;
            for (c, id) in rows {
                if let Some(c) = c {
                    out.entry(c).or_default().push(id);
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
                .filter($crate::idlist::in_ids($table::contact_id, from))
                .order($table::id.asc())
                .select($row::as_select())
                .load(conn)?)
        }
    };
}

pub(crate) use {
    contact_queries, insert_returning, owned_deletes, owned_find, owned_find_by, owned_queries,
    owned_row,
};

//! The four quads of an error code, as tables 100–103 of the document list them.

macro_rules! quad {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $code:expr,)* }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($(#[$vm])* $variant,)* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            pub fn code(self) -> u16 {
                match self { $($name::$variant => $code,)* }
            }
        }
    };
}

quad!(
    /// First quad: the exception type.
    Exception {
        General = 9000,
        Internal = 9001,
        /// External failure (an external system or the platform itself).
        External = 9002,
        NotFound = 9100,
        AddressNotFound = 9101,
        BasicInfoNotFound = 9102,
        CompanyNotFound = 9103,
        ContactNotFound = 9104,
        OrganizationNotFound = 9105,
        PersonNotFound = 9106,
        DealNotFound = 9107,
        DeviceNotFound = 9108,
        GroupNotFound = 9109,
        InteractionNotFound = 9110,
        NoteNotFound = 9111,
        ProfileNotFound = 9112,
        RoleNotFound = 9113,
        TagNotFound = 9114,
        TaskNotFound = 9115,
        TaskListNotFound = 9116,
        UserNotFound = 9117,
        BasicInfoVariationNotFound = 9118,
        PictureNotFound = 9119,
        Validation = 9200,
        InvalidData = 9201,
        MissingData = 9202,
        BadRequest = 9300,
        /// An attempt to assign one basicinfo to multiple contacts.
        BasicInfoTaken = 9301,
        DeviceRegistered = 9302,
        EmailTaken = 9303,
        /// An attempt to update outdated data.
        Outdated = 9304,
        /// An attempt to touch a contact picture from an external system.
        PictureExternal = 9305,
        ReportNotFound = 9306,
        Authentication = 9401,
        Permission = 9402,
        Unhandled = 9999,
    }
);

impl Exception {
    /// The HTTP status an exception implies (DESIGN.md, "Errors").
    pub fn status(self) -> u16 {
        match self.code() {
            9002 => 503,
            9100..=9199 => 404,
            9200..=9299 => 400,
            9301 | 9305 => 400,
            9302..=9304 => 409,
            9306 => 404,
            9300 => 400,
            9401 => 401,
            9402 => 403,
            _ => 500,
        }
    }
}

quad!(
    /// Second quad: the action that caused the exception.
    Action {
        View = 10,
        Edit = 11,
        Create = 12,
        Merge = 13,
        Delete = 14,
        Import = 15,
        Share = 16,
        PullSync = 17,
        PushSync = 18,
        OpenWebsocket = 19,
        Login = 20,
        Logout = 21,
        Wipe = 22,
    }
);

quad!(
    /// Third quad: the realm the action was (or was supposed to be) executed in.
    Realm {
        /// No particular realm (an unknown route, a malformed request): the zero realm.
        General = 0,
        Activities = 0,
        Authentication = 40,
        Sync = 50,
        Websocket = 60,
        Cleanup = 90,
        Contacts = 100,
        ContactRelations = 103,
        ContactDeals = 104,
        ContactInteractions = 105,
        ContactNotes = 106,
        ContactProfiles = 107,
        ContactSearchTerms = 108,
        ContactTags = 109,
        ContactTasks = 110,
        ContactImport = 111,
        Deals = 200,
        DealNotes = 201,
        DealTasks = 202,
        Tasks = 300,
        TaskNotes = 301,
        TaskLists = 302,
        Notes = 400,
        Tags = 500,
        Devices = 600,
        TriggerDevices = 601,
        Administration = 700,
        CompanyAdministration = 701,
        RoleAdministration = 702,
        UserAdministration = 703,
        GroupAdministration = 704,
        CustomFieldAdministration = 705,
        MyAccount = 750,
        BasicInfos = 800,
        Interactions = 900,
    }
);

quad!(
    /// Fourth quad: the server's own differentiation. Only the values table 103 lists are
    /// used; their meanings are documented in `docs/errors.md`.
    Detail {
        /// The entity or route does not exist (or is not the caller's).
        NotFound = 1001,
        /// A value is present but not valid (format, type, range, unknown enum value).
        InvalidValue = 2001,
        /// A mandatory value is missing.
        MissingValue = 2002,
        /// A value or the request body is longer or larger than allowed.
        TooLong = 2003,
        /// The request body is not JSON of the expected shape, or not JSON at all.
        MalformedBody = 2004,
        /// A query or path parameter is not valid.
        InvalidParameter = 2005,
        /// The request conflicts with stored data (duplicate, outdated, precondition failed).
        Conflict = 3003,
        /// Credentials or token are wrong, unknown, expired or logged out.
        BadCredentials = 4003,
        /// Too many failed attempts; try again later.
        Throttled = 4004,
        /// The database failed.
        Storage = 5001,
        /// An unexpected failure inside the server.
        Unexpected = 5002,
        /// A dependency (the database) is unavailable for now.
        Unavailable = 5003,
        /// An external system could not be reached.
        ExternalUnreachable = 6001,
        /// An external system answered with an error.
        ExternalRejected = 6002,
        /// The caller's role does not permit the request.
        RoleDenied = 7001,
        /// The resource belongs to another company or user, or the request needs a
        /// precondition (such as an etag) the caller did not send.
        NotPermitted = 7002,
    }
);

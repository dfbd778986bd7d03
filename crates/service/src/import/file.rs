//! The connector over an uploaded file's text (`vcard`, `csv`): the format's parser reads the
//! records; listing groups and applying the query are the same for every format.

use std::sync::Arc;

use interact_domain::import::{ExternalContactGroup, ExternalSystem};
use interact_errors::Result;

use super::{blocking, groups_of, Connector, ContactQuery, Fetched, Parsed};

pub struct FileConnector {
    system: ExternalSystem,
    content: Arc<str>,
    account: String,
    parse: fn(&str) -> Result<Parsed>,
}

impl FileConnector {
    /// A vCard 2.1/3.0/4.0 file; groups are the cards' `CATEGORIES`.
    pub fn vcard(content: String, account: String) -> FileConnector {
        Self::new(ExternalSystem::Vcard, content, account, super::vcard::parse)
    }

    /// A Google Contacts CSV export; groups are the `Group Membership` / `Labels` values
    /// (without the `* ` Google marks system groups with).
    pub fn csv(content: String, account: String) -> FileConnector {
        Self::new(ExternalSystem::Csv, content, account, super::csv::parse)
    }

    fn new(
        system: ExternalSystem,
        content: String,
        account: String,
        parse: fn(&str) -> Result<Parsed>,
    ) -> FileConnector {
        FileConnector {
            system,
            content: content.into(),
            account,
            parse,
        }
    }

    /// Parsing a large file is CPU work: it runs off the async threads.
    async fn parsed(&self) -> Result<Parsed> {
        let text = self.content.clone();
        let parse = self.parse;
        blocking(move || parse(&text)).await
    }
}

impl Connector for FileConnector {
    fn system(&self) -> ExternalSystem {
        self.system
    }

    async fn account(&self) -> Result<String> {
        Ok(self.account.clone())
    }

    async fn contact_groups(&self) -> Result<Vec<ExternalContactGroup>> {
        Ok(groups_of(&self.parsed().await?.contacts))
    }

    async fn contacts(&self, query: &ContactQuery) -> Result<Fetched> {
        let mut parsed = self.parsed().await?;
        parsed.contacts.retain(|c| query.admits(c));
        Ok(Fetched {
            contacts: parsed.contacts,
            failed: parsed.failed,
            next_sync_token: None,
            complete: true,
        })
    }
}

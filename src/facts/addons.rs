//! Add-ons: services a platform provisions for the app and attaches to it (Heroku's
//! `heroku-postgresql:essential-0`, `scheduler:standard`).

use super::Origin;
use crate::source::Loc;

/// An add-on an app declares (app.json `addons`): `"heroku-redis:mini"` or
/// `{"plan": "heroku-postgresql:standard-0", "as": "DATABASE"}`. `at` is the plan.
#[derive(Debug, Clone)]
pub struct AddOn {
    pub at: Loc,
    /// The add-on service (`heroku-postgresql`, `scheduler`).
    pub service: String,
    /// The plan, when given (`essential-0`, `standard`).
    pub plan: Option<String>,
    /// The attachment name (`as`), which names its config vars (`DATABASE` → `DATABASE_URL`).
    pub attachment: Option<String>,
    /// The app.json environment it belongs to (`review`, `test`), None for the app itself.
    pub environment: Option<String>,
    pub origin: Origin,
}

impl AddOn {
    /// The Heroku Scheduler add-on, whose jobs live in its dashboard.
    pub fn is_heroku_scheduler(&self) -> bool {
        self.service == "scheduler"
    }
}

impl_located!(AddOn);

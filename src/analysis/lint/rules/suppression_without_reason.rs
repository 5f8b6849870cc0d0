use crate::analysis::lint::{Rule, RuleMeta};

crate::declare_rule! {
    /// ## What it detects
    /// A `-- rollcheck:allow` comment that gives no reason, or names no rule or an
    /// unknown one. Such a comment suppresses nothing.
    ///
    /// ## Why it matters for rollback
    /// A suppression is a claim that a risky change is safe. Without the reason, the
    /// next reviewer (or auditor) cannot check the claim.
    ///
    /// ## Example
    /// ```sql
    /// -- rollcheck:allow drop-column
    /// ALTER TABLE "Contact" DROP COLUMN "fax";
    /// ```
    ///
    /// ## How to make it reversible
    /// Say why: `-- rollcheck:allow drop-column fax was never written (checked 2025-07-01)`.
    pub struct SuppressionWithoutReason {
        code: "RC402",
        name: "suppression-without-reason",
        category: Unknown,
        summary: "a rollcheck:allow comment without a reason (or for no known rule)",
    }
}

/// Found while reading suppressions (see `suppress.rs`), not from effects.
impl Rule for SuppressionWithoutReason {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
}

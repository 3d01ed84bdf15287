//! The dataset's closed vocabularies. Each word is spelled exactly as in the CSV files and in the
//! JSON output; `FromStr` errors list the accepted words so a dataset author can fix a typo.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($variant:ident => $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name {
            $(#[serde(rename = $word)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $word),+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                match s.trim() {
                    $($word => Ok($name::$variant),)+
                    other => Err(format!(
                        "{:?} is not a known {}; expected one of: {}",
                        other,
                        $what,
                        [$($word),+].join(", ")
                    )),
                }
            }
        }
    };
}

vocabulary!(
    /// How far a deal has progressed, from rumour to completion. Order matters: it is the
    /// order of certainty, used for sorting and for the default weights.
    Status, "status" {
        Rumoured => "rumoured",
        InTalks => "in_talks",
        LetterOfIntent => "letter_of_intent",
        TermSheet => "term_sheet",
        Announced => "announced",
        PendingApproval => "pending_approval",
        Signed => "signed",
        PartiallyCompleted => "partially_completed",
        Completed => "completed",
        Operational => "operational",
        Superseded => "superseded",
        Cancelled => "cancelled",
    }
);

impl Status {
    /// A superseded or cancelled deal no longer commits anyone; it is shown, never totalled.
    pub fn is_dead(self) -> bool {
        matches!(self, Status::Superseded | Status::Cancelled)
    }
}

vocabulary!(
    /// What the deal's dollar figure measures. Figures of different bases are not comparable,
    /// which is why the basis travels with every amount.
    AmountBasis, "amount basis" {
        ContractValue => "contract_value",
        Investment => "investment",
        InvestmentCap => "investment_cap",
        Aggregate => "aggregate",
        Capex => "capex",
        EnterpriseValue => "enterprise_value",
        OrderValue => "order_value",
        SecondarySale => "secondary_sale",
        MonthlyFee => "monthly_fee",
        Maximum => "maximum",
        DebtFinancing => "debt_financing",
        WarrantValue => "warrant_value",
        Valuation => "valuation",
        Undisclosed => "undisclosed",
    }
);

vocabulary!(
    /// The part a company plays in a deal.
    Role, "role" {
        Investor => "investor",
        Investee => "investee",
        CloudProvider => "cloud_provider",
        ChipSupplier => "chip_supplier",
        SystemSupplier => "system_supplier",
        NetworkSupplier => "network_supplier",
        Customer => "customer",
        TechnologyPartner => "technology_partner",
        DataCenterDeveloper => "data_center_developer",
        EquityFunder => "equity_funder",
        Acquirer => "acquirer",
        Target => "target",
        Seller => "seller",
        Buyer => "buyer",
        WarrantIssuer => "warrant_issuer",
        WarrantHolder => "warrant_holder",
        BackstopBuyer => "backstop_buyer",
        CoDeveloper => "co_developer",
        Lessor => "lessor",
        Lessee => "lessee",
        Guarantor => "guarantor",
        Licensor => "licensor",
        Licensee => "licensee",
        Lender => "lender",
    }
);

vocabulary!(
    /// Which way the money of a deal goes for a company, from its role: what it sells
    /// (`revenue`: cloud, chips, capacity, a lease, a licence, an asset), what it puts in
    /// (`investment`: equity, loans, guarantees, acquisitions, warrants held: capital at risk),
    /// what it buys (`purchase`: its own spending commitments), what it takes in as capital
    /// (`funding_received`: an investee, an acquisition target, warrants issued), or none stated
    /// (`partnership`: co-development, technology partners).
    Direction, "direction" {
        Revenue => "revenue",
        Investment => "investment",
        Purchase => "purchase",
        FundingReceived => "funding_received",
        Partnership => "partnership",
    }
);

impl Role {
    /// The direction of the money for a company in this role (see [`Direction`]).
    pub fn direction(self) -> Direction {
        use Role::*;
        match self {
            CloudProvider | ChipSupplier | SystemSupplier | NetworkSupplier
            | DataCenterDeveloper | Lessor | Licensor | Seller => Direction::Revenue,
            Investor | EquityFunder | Lender | Guarantor | Acquirer | WarrantHolder => {
                Direction::Investment
            }
            Customer | Buyer | Lessee | Licensee | BackstopBuyer => Direction::Purchase,
            Investee | Target | WarrantIssuer => Direction::FundingReceived,
            TechnologyPartner | CoDeveloper => Direction::Partnership,
        }
    }
}

impl Direction {
    /// The words tables and reports use.
    pub fn label(self) -> &'static str {
        match self {
            Direction::Revenue => "revenue commitments to the company",
            Direction::Investment => "the company's investments",
            Direction::Purchase => "the company's purchases",
            Direction::FundingReceived => "capital the company receives",
            Direction::Partnership => "partnerships without a stated flow",
        }
    }
}

vocabulary!(
    /// `direct`: a named party of the deal. `indirect`: a supplier behind it (the GPUs inside a
    /// cloud contract), whose share of the money is not disclosed.
    LinkKind, "link kind" {
        Direct => "direct",
        Indirect => "indirect",
    }
);

vocabulary!(
    /// How precisely a date is known: `2025-05-01` with `month` means "some day in May 2025".
    DatePrecision, "date precision" {
        Day => "day",
        Month => "month",
        Year => "year",
    }
);

vocabulary!(
    CompanyKind, "company kind" {
        Listed => "listed",
        Private => "private",
        Fund => "fund",
        Sovereign => "sovereign",
        JointVenture => "joint_venture",
    }
);

vocabulary!(
    Category, "deal category" {
        CloudContract => "cloud_contract",
        EquityInvestment => "equity_investment",
        ChipSupply => "chip_supply",
        StrategicAgreement => "strategic_agreement",
        JointVenture => "joint_venture",
        SecondarySale => "secondary_sale",
        Acquisition => "acquisition",
        Capex => "capex",
        AggregateCommitment => "aggregate_commitment",
        Lease => "lease",
        Licence => "licence",
        Financing => "financing",
        FundingRound => "funding_round",
    }
);

vocabulary!(
    /// What a dated event of a deal's history is. Every event row carries the deal's whole state
    /// after it, so the state on any date is the last event on or before it.
    EventKind, "event kind" {
        Announced => "announced",
        Status => "status",
        Amount => "amount",
        Superseded => "superseded",
        Update => "update",
    }
);

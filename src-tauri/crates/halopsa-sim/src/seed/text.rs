//! The words seeded data is made of: tickets that read like a real MSP queue, a few hostile
//! bodies (real ticket bodies arrive by email), names, places and a tiny screenshot.

use rand_chacha::ChaCha8Rng;

use super::pick;

pub(super) struct Issue {
    pub(super) summary: &'static str,
    pub(super) body: &'static str,
    pub(super) category: &'static str,
    pub(super) team: i32,
    pub(super) ticket_type: i32,
}

pub(super) fn fill(template: &str, rng: &mut ChaCha8Rng, first_name: &str) -> String {
    let floor = pick(rng, &FLOORS);
    let app = pick(rng, &APPS);
    template
        .replace("{floor}", floor)
        .replace("{app}", app)
        .replace("{name}", first_name)
}

/// The ticket body: realistic HTML from an email, and now and then a hostile one, because real
/// ticket bodies arrive from the outside world.
pub(super) fn details(id: i32, issue: &Issue, rng: &mut ChaCha8Rng, first_name: &str) -> String {
    if id % 97 == 13 {
        return HOSTILE[usize::try_from(id).unwrap_or(0) % HOSTILE.len()].to_owned();
    }
    format!(
        "<p>Hi support,</p><p>{}</p><p>Thanks,<br>{first_name}</p>",
        fill(issue.body, rng, first_name)
    )
}

const FLOORS: [&str; 4] = ["1st", "2nd", "3rd", "ground"];
const APPS: [&str; 6] = [
    "Xero",
    "Sage",
    "Teams",
    "Outlook",
    "OneDrive",
    "Adobe Acrobat",
];

const HOSTILE: [&str; 3] = [
    "<p>Please see below</p><script>window.__halodeskPwned = true;</script><p>Regards</p>",
    "<p>Screenshot attached</p><img src=\"x\" onerror=\"window.__halodeskPwned = true\">",
    "<p>Click <a href=\"javascript:window.__halodeskPwned=true\">here</a> to view the invoice.</p>",
];

pub(super) const ISSUES: [Issue; 14] = [
    Issue {
        summary: "Outlook keeps asking for my password",
        body: "Since this morning Outlook prompts for my password every few minutes. Webmail works fine.",
        category: "Email>Outlook",
        team: 1,
        ticket_type: 1,
    },
    Issue {
        summary: "Printer on the {floor} floor is offline",
        body: "The printer on the {floor} floor shows offline for everyone. We've turned it off and on again.",
        category: "Hardware>Printer",
        team: 1,
        ticket_type: 1,
    },
    Issue {
        summary: "VPN disconnects every 10 minutes",
        body: "Working from home, the VPN drops every 10 minutes and I lose access to the shared drives.",
        category: "Network>VPN",
        team: 2,
        ticket_type: 1,
    },
    Issue {
        summary: "New starter: laptop and accounts for Monday",
        body: "We have a new starter on Monday in accounts. They need a laptop, email and access to {app}.",
        category: "Accounts>New Starter",
        team: 1,
        ticket_type: 2,
    },
    Issue {
        summary: "{app} crashes when opening large files",
        body: "{app} freezes and then closes whenever I open anything over about 20 MB.",
        category: "Software>Desktop",
        team: 1,
        ticket_type: 1,
    },
    Issue {
        summary: "Shared drive very slow for the whole office",
        body: "Opening files from the S: drive takes minutes for everyone at this site.",
        category: "Network>File Server",
        team: 2,
        ticket_type: 1,
    },
    Issue {
        summary: "Please reset MFA for {name}",
        body: "{name} has a new phone and can no longer approve sign-ins.",
        category: "Accounts>MFA",
        team: 1,
        ticket_type: 2,
    },
    Issue {
        summary: "Server backup failed overnight",
        body: "The backup report shows last night's job failed with a VSS error on the file server.",
        category: "Infrastructure>Backup",
        team: 2,
        ticket_type: 1,
    },
    Issue {
        summary: "Wi-Fi drops in the meeting room",
        body: "Laptops lose the Wi-Fi in the main meeting room during calls.",
        category: "Network>Wireless",
        team: 2,
        ticket_type: 1,
    },
    Issue {
        summary: "Install {app} for the finance team",
        body: "Finance need {app} installed on four machines before month end.",
        category: "Software>Install",
        team: 1,
        ticket_type: 2,
    },
    Issue {
        summary: "Suspicious email with an invoice link",
        body: "Several of us got an email with an 'overdue invoice' link. Nobody has clicked it yet.",
        category: "Security>Phishing",
        team: 4,
        ticket_type: 1,
    },
    Issue {
        summary: "Firewall firmware upgrade",
        body: "Please schedule the firmware upgrade on the firewall out of hours.",
        category: "Infrastructure>Firewall",
        team: 2,
        ticket_type: 4,
    },
    Issue {
        summary: "Office move: 12 desks to the {floor} floor",
        body: "We are moving 12 people to the {floor} floor next week and need the desks patched.",
        category: "Projects>Office Move",
        team: 3,
        ticket_type: 2,
    },
    Issue {
        summary: "Recurring blue screens on reception PC",
        body: "The reception PC has blue-screened three times this week, each time with MEMORY_MANAGEMENT.",
        category: "Hardware>Desktop",
        team: 4,
        ticket_type: 3,
    },
];

pub(super) const WORK_NOTES: [&str; 6] = [
    "<p>Checked the event logs; errors line up with the last Windows update.</p>",
    "<p>Remoted in and cleared the cached credentials. Monitoring.</p>",
    "<p>Spoke to the vendor; they are investigating on their side.</p>",
    "<p>Rebuilt the Outlook profile and re-added the shared mailboxes.</p>",
    "<p>Updated the driver and rebooted. Waiting for confirmation from the user.</p>",
    "<p>Reviewed the firewall logs: no drops from this host.</p>",
];

pub(super) const CLIENT_NAMES: [(&str, &str); 24] = [
    ("Northwind", "Dental"),
    ("Harbour", "Logistics"),
    ("Bluebell", "Nurseries"),
    ("Cobalt", "Engineering"),
    ("Kestrel", "Accountants"),
    ("Meadow", "Veterinary"),
    ("Summit", "Legal LLP"),
    ("Oakridge", "Academy"),
    ("Riverside", "Clinics"),
    ("Granite", "Construction"),
    ("Lumen", "Architects"),
    ("Pioneer", "Freight"),
    ("Willow", "Care Homes"),
    ("Beacon", "Insurance"),
    ("Atlas", "Manufacturing"),
    ("Saffron", "Restaurants"),
    ("Evergreen", "Landscaping"),
    ("Orchid", "Pharmacy"),
    ("Quarry", "Estates"),
    ("Harvest", "Foods"),
    ("Falcon", "Security"),
    ("Tidewater", "Marine"),
    ("Copper", "Brewing Co"),
    ("Juniper", "Recruitment"),
];

pub(super) const TOWNS: [&str; 8] = [
    "Leeds", "Bristol", "Reading", "York", "Exeter", "Derby", "Bath", "Chester",
];

pub(super) const FIRST_NAMES: [&str; 16] = [
    "James", "Emma", "Oliver", "Amelia", "Noah", "Isla", "Jack", "Mia", "Harry", "Ava", "Leo",
    "Ella", "Ethan", "Zara", "Ryan", "Nina",
];

pub(super) const LAST_NAMES: [&str; 16] = [
    "Smith", "Jones", "Patel", "Brown", "Wilson", "Evans", "Khan", "Clarke", "Wright", "Hughes",
    "Murphy", "Ahmed", "Turner", "Baker", "Hall", "Young",
];

/// A valid 1x1 PNG, for seeded screenshot attachments.
pub(super) const TINY_PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0,
    0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

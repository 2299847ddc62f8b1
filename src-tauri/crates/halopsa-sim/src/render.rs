//! Tickets, actions and attachments in their wire shape: joined names, both timestamp forms,
//! "no value" sentinels, and SLA states and timers computed at the simulated time.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::model::{Action, Attachment, Policy, Ticket};
use crate::sla;
use crate::state::Store;
use crate::wire_time::{WireTime, plain, plain_or_none, precise};

/// What a request asked to include beyond the list columns.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct TicketOptions {
    pub details: bool,
    pub sla_timer: bool,
    pub sla_action_date: bool,
    pub last_action: bool,
    /// A single-ticket GET embeds the priority policy.
    pub policy: bool,
}

#[derive(Debug, Serialize)]
pub(crate) struct TicketView<'a> {
    id: i32,
    summary: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    details: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    details_html: Option<&'a str>,
    client_id: i32,
    client_name: &'a str,
    site_id: i32,
    site_name: &'a str,
    user_id: i32,
    user_name: &'a str,
    user_email: &'a str,
    status_id: i32,
    status_name: &'a str,
    priority_id: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    priority: Option<&'a Policy>,
    tickettype_id: i32,
    tickettype_name: &'a str,
    sla_id: i32,
    sla_name: &'a str,
    agent_id: i32,
    agent_name: &'a str,
    team: &'a str,
    team_id: i32,
    category_1: &'a str,
    category_2: &'a str,
    category_3: &'a str,
    category_4: &'a str,
    reportedby: &'a str,
    dateoccurred: WireTime,
    datecreated: WireTime,
    respondbydate: WireTime,
    responsedate: WireTime,
    fixbydate: WireTime,
    deadlinedate: WireTime,
    targetdate: WireTime,
    dateclosed: WireTime,
    lastactiondate: WireTime,
    last_update: WireTime,
    onhold: bool,
    excludefromsla: bool,
    slaresponsestate: &'static str,
    slastate: &'static str,
    slaholdtime: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    slatimeleft: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    slapercused: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    slaactiondate: Option<WireTime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_action_note: Option<&'a str>,
    timetaken: f64,
    attachment_count: usize,
    contract_id: i32,
}

pub(crate) fn ticket<'a>(
    store: &'a Store,
    t: &'a Ticket,
    now: DateTime<Utc>,
    options: TicketOptions,
) -> TicketView<'a> {
    let c = &store.catalog;
    let user = c.users.get(&t.user_id);
    let timer = options.sla_timer.then(|| sla::timer(t, now)).flatten();
    let last_action = options
        .last_action
        .then(|| store.actions.get(&t.id).and_then(|a| a.last()))
        .flatten();
    TicketView {
        id: t.id,
        summary: &t.summary,
        details: options.details.then_some(t.details.as_str()),
        details_html: options.details.then_some(t.details.as_str()),
        client_id: t.client_id,
        client_name: c.clients.get(&t.client_id).map_or("", |x| &x.name),
        site_id: t.site_id,
        site_name: c.sites.get(&t.site_id).map_or("", |x| &x.name),
        user_id: t.user_id,
        user_name: user.map_or("", |u| &u.name),
        user_email: user.map_or("", |u| &u.emailaddress),
        status_id: t.status_id,
        status_name: c.statuses.get(&t.status_id).map_or("", |x| &x.name),
        priority_id: t.priority_id,
        priority: options
            .policy
            .then(|| c.policies.get(&(t.sla_id, t.priority_id)))
            .flatten(),
        tickettype_id: t.tickettype_id,
        tickettype_name: c.ticket_types.get(&t.tickettype_id).map_or("", |x| &x.name),
        sla_id: t.sla_id,
        sla_name: c.slas.get(&t.sla_id).map_or("", |x| &x.name),
        agent_id: t.agent_id,
        agent_name: c.agents.get(&t.agent_id).map_or("", |x| &x.name),
        team: c.teams.get(&t.team_id).map_or("", |x| &x.name),
        team_id: t.team_id,
        category_1: &t.categories[0],
        category_2: &t.categories[1],
        category_3: &t.categories[2],
        category_4: &t.categories[3],
        reportedby: &t.reportedby,
        dateoccurred: plain(t.dateoccurred),
        datecreated: plain(t.datecreated),
        respondbydate: plain_or_none(t.respondbydate),
        responsedate: plain_or_none(t.responsedate),
        fixbydate: plain_or_none(t.fixbydate),
        deadlinedate: plain_or_none(t.fixbydate),
        targetdate: plain_or_none(t.fixbydate),
        dateclosed: plain_or_none(t.dateclosed),
        lastactiondate: precise(t.lastactiondate),
        last_update: precise(t.last_update),
        onhold: t.hold_started.is_some(),
        excludefromsla: t.excludefromsla,
        slaresponsestate: sla::response_state(t, now),
        slastate: sla::fix_state(t, now),
        slaholdtime: t.slaholdtime,
        slatimeleft: timer.map(|(left, _)| left),
        slapercused: timer.map(|(_, used)| used),
        slaactiondate: options.sla_action_date.then(|| {
            let next = if t.responsedate.is_none() {
                t.respondbydate
            } else {
                t.fixbydate
            };
            plain_or_none(next)
        }),
        last_action_note: last_action.map(|a| a.note.as_str()),
        timetaken: t.timetaken,
        attachment_count: store.attachment_count(t.id),
        contract_id: t.contract_id,
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct ActionView<'a> {
    ticket_id: i32,
    id: i32,
    outcome: &'a str,
    outcome_id: i32,
    who: &'a str,
    who_type: i32,
    who_agentid: i32,
    datetime: WireTime,
    note: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    note_html: Option<&'a str>,
    hiddenfromuser: bool,
    timetaken: f64,
    nonbilltime: f64,
    traveltime: f64,
    chargerate: i32,
    actisbillable: bool,
    important: bool,
    new_status: i32,
    new_status_name: &'a str,
    emailto: &'a str,
    emailsubject: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    attachments: Option<Vec<AttachmentView<'a>>>,
}

pub(crate) fn action<'a>(
    store: &'a Store,
    a: &'a Action,
    html: bool,
    with_attachments: bool,
) -> ActionView<'a> {
    let c = &store.catalog;
    let user = c.tickets_user(store, a.ticket_id);
    let who = if a.from_user {
        user
    } else if a.system {
        "System"
    } else {
        c.agents.get(&a.who_agentid).map_or("", |x| &x.name)
    };
    ActionView {
        ticket_id: a.ticket_id,
        id: a.id,
        outcome: &a.outcome,
        outcome_id: a.outcome_id,
        who,
        // Halo's who_type: 1 an agent, 2 an end user, 0 the system.
        who_type: if a.from_user {
            2
        } else if a.system {
            0
        } else {
            1
        },
        who_agentid: a.who_agentid,
        datetime: precise(a.datetime),
        note: &a.note,
        note_html: html.then_some(a.note.as_str()),
        hiddenfromuser: a.hiddenfromuser,
        timetaken: a.timetaken,
        nonbilltime: a.nonbilltime,
        traveltime: a.traveltime,
        chargerate: a.chargerate,
        actisbillable: a.actisbillable,
        important: a.important,
        new_status: a.new_status,
        new_status_name: c.statuses.get(&a.new_status).map_or("", |x| &x.name),
        emailto: &a.emailto,
        emailsubject: &a.emailsubject,
        attachments: with_attachments.then(|| {
            store
                .attachments
                .values()
                .filter(|x| x.ticket_id == a.ticket_id && x.action_id == a.id)
                .map(attachment)
                .collect()
        }),
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct AttachmentView<'a> {
    id: i32,
    ticket_id: i32,
    action_id: i32,
    filename: &'a str,
    filesize: usize,
    datecreated: WireTime,
    note: &'a str,
    #[serde(rename = "type")]
    kind: i32,
    unique_id: &'a str,
    desc: &'a str,
    isimage: bool,
    showforusers: bool,
}

pub(crate) fn attachment(a: &Attachment) -> AttachmentView<'_> {
    AttachmentView {
        id: a.id,
        ticket_id: a.ticket_id,
        action_id: a.action_id,
        filename: &a.filename,
        filesize: a.data.len(),
        datecreated: plain(a.datecreated),
        note: &a.note,
        // Halo's attachment type 0: attached to a ticket or action.
        kind: 0,
        unique_id: &a.unique_id,
        desc: &a.note,
        isimage: a.isimage,
        showforusers: a.showforusers,
    }
}

//! The ticket view's commands: open a ticket with its timeline and attachments, and open a
//! link from it once checked.

use halopsa::{ActionQuery, TicketDetail};

use super::links::checked_link;
use super::runs_code::open_refusal;
use super::sanitize;
use super::timeline::timeline_entry;
use crate::files::shown_file_name;
use crate::ipc::{AttachmentRow, Done, OpenLinkRequest, TicketOpenRequest, TicketView};
use crate::queue::{CachedTicket, queue_row};
use crate::watch::at_risk_rule;
use crate::{AppError, Halodesk};

impl Halodesk {
    /// The ticket as the instance has it now; its queue row in the cache is refreshed too.
    pub async fn ticket_open(&self, request: TicketOpenRequest) -> Result<TicketView, AppError> {
        let TicketOpenRequest { ticket_id } = request;
        let (profile, client) = self.client().await?;
        let detail = TicketDetail {
            details: true,
            last_action: false,
        };
        let actions = ActionQuery {
            html_notes: true,
            ..ActionQuery::default()
        };
        let (ticket, mut timeline, attachments) = tokio::try_join!(
            client.ticket(ticket_id, detail),
            client.actions(ticket_id, &actions),
            client.attachments(ticket_id, None),
        )?;
        let cached = CachedTicket::from(&ticket);
        let now = self.clock.now();
        let row = self
            .blocking(move |store, _| {
                store.put_ticket(profile.id, &cached)?;
                let lookups = store.lookups(profile.id)?;
                let rule = at_risk_rule(&store.watch_settings(profile.id)?.0);
                Ok(queue_row(&cached, &lookups, now, &rule))
            })
            .await?;
        timeline.sort_by_key(|action| (action.at, action.id));
        let details_html = match &ticket.details_html {
            Some(html) => sanitize::ticket_html(html),
            None => sanitize::plain_text_html(ticket.details.as_deref().unwrap_or_default()),
        };
        Ok(TicketView {
            row,
            site_name: ticket.site_name,
            user_name: ticket.user_name,
            user_email: ticket.user_email,
            categories: ticket.categories,
            opened_at: ticket.opened_at.or(ticket.created_at),
            respond_by: ticket.respond_by,
            fix_by: ticket.fix_by.or(ticket.deadline),
            time_taken_hours: ticket.time_taken_hours,
            details_html,
            timeline: timeline.iter().map(timeline_entry).collect(),
            attachments: attachments
                .into_iter()
                .map(|a| AttachmentRow {
                    id: a.id,
                    open_refused: open_refusal(&a.filename),
                    filename: shown_file_name(&a.filename),
                    size_bytes: a.size_bytes,
                    created_at: a.created_at,
                    is_image: a.is_image,
                })
                .collect(),
        })
    }

    /// Opens a link from a ticket in the browser. The window asked the technician first; the
    /// link is checked again here, before it leaves the app.
    pub async fn link_open(&self, request: OpenLinkRequest) -> Result<Done, AppError> {
        let url = checked_link(&request.url)?;
        let desktop = self.desktop.clone();
        self.off_thread(move || desktop.open(url.as_str())).await?;
        Ok(Done {})
    }
}

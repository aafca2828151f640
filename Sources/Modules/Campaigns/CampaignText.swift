import ThiDuaCore
import ThiDuaOrganization

/// The values of the placeholders a campaign's texts may use.
struct CampaignText {
    var campaign: Campaign
    var agency: Agency

    /// Every placeholder name except `basis:ID`.
    static let names = [
        "agency", "superior", "date", "start", "end", "end.day_month", "deadline", "deadline.date", "deadline.day_month",
        "submit_to",
    ]

    var style: VietnameseDate.NumericStyle { campaign.document.dateStyle }

    /// The value of a placeholder, or nil when there is no such placeholder.
    func value(of name: String, period: CampaignPeriod? = nil) -> String? {
        let period = period ?? campaign.period
        let issued = campaign.document.date.value
        switch name {
        case "agency": return agency.name
        case "superior": return agency.superior ?? ""
        case "date": return VietnameseDate.numeric(issued, style: style)
        case "start": return VietnameseDate.numeric(period.firstDay(issued: issued), style: style)
        case "end": return VietnameseDate.numeric(period.end.date, style: style)
        case "end.day_month": return VietnameseDate.dayMonth(period.end.date, style: style)
        case "deadline": return campaign.dossier.deadline.value.vietnamese(style: style)
        case "deadline.date": return VietnameseDate.numeric(campaign.dossier.deadline.value.date, style: style)
        case "deadline.day_month": return VietnameseDate.dayMonth(campaign.dossier.deadline.value.date, style: style)
        case "submit_to": return campaign.dossier.submitTo.value
        default:
            if name.hasPrefix("basis:") {
                let id = name.dropFirst("basis:".count)
                return campaign.legalBases.first { $0.id.value == id }?.cited(style: style)
            }
            return nil
        }
    }

    /// `text` with its placeholders filled (unknown ones stay as written; validation reports them).
    func expand(_ text: String, period: CampaignPeriod? = nil) -> String {
        TextTemplate.expand(text) { value(of: $0, period: period) }.text
    }
}

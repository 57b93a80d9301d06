// The demo network's engagements: the meetings of the WSIS+20 review the team's slides list, with the dates and
// places of the public record (the organisers' own pages: UNCTAD for the CSTD, CGI.br for NETmundial+10, ITU for
// the WSIS+20 High-Level Event, the IGF Secretariat for the IGF, the General Assembly for the high-level meeting),
// and the team's own bilateral meetings and submissions, which are synthetic: their dates are counted from the day
// the demo is seeded (`daysFromNow`), so a fresh demo always has something upcoming in its calendar.
import type { Confidentiality, EngagementKind, EngagementStatus, SubmissionStatus } from '../domains/engagements/engagement.table.ts';

/** A date of the public record (YYYY-MM-DD), or days from the day the demo is seeded. */
export type DemoDate = string | { daysFromNow: number };

export interface DemoEngagement {
  kind: EngagementKind;
  title: string;
  start: DemoDate;
  end?: DemoDate;
  place: string;
  online?: boolean;
  status: EngagementStatus;
  confidentiality: Confidentiality;
  memberStates: string[];
  organisations: string[];
  topics: string[];
  /** Members from these member states (government members first) are linked as counterparts, at most `members`. */
  members?: number;
  notes: string;
  links?: { url: string; label: string }[];
  submission?: { externalBody: string; consultation: string; deadline: DemoDate; status: SubmissionStatus };
}

/** The counterpart organisations of the demo network's editable list. */
export const demoOrganisations = [
  'ITU',
  'UN DESA',
  'UNCTAD',
  'UNESCO',
  'CSTD',
  'UNGA co-facilitators of the WSIS+20 review',
  'IGF Secretariat',
  'CGI.br',
  'African Union Commission',
  'ECLAC',
] as const;

const msm = 'Multistakeholder model of Internet governance';
const technical = 'The unique role of the technical community';

export const demoEngagements: readonly DemoEngagement[] = [
  {
    kind: 'event_attended',
    title: 'CSTD, twenty-seventh session',
    start: '2024-04-15',
    end: '2024-04-19',
    place: 'Palais des Nations, Geneva',
    status: 'done',
    confidentiality: 'public',
    memberStates: ['CH'],
    organisations: ['CSTD', 'UNCTAD'],
    topics: [msm],
    notes: 'The Commission discussed the **WSIS+20 review** and the report it will prepare for the General Assembly.',
    links: [{ url: 'https://unctad.org/topic/commission-on-science-and-technology-for-development', label: 'CSTD at UNCTAD' }],
  },
  {
    kind: 'speaking_slot',
    title: 'NETmundial+10',
    start: '2024-04-29',
    end: '2024-04-30',
    place: 'São Paulo',
    online: true,
    status: 'done',
    confidentiality: 'public',
    memberStates: ['BR'],
    organisations: ['CGI.br'],
    topics: [msm, technical],
    members: 2,
    notes:
      'Ten years after the first NETmundial, the meeting adopted the *NETmundial+10 Multistakeholder Statement* with the São Paulo Multistakeholder Guidelines.',
    links: [{ url: 'https://netmundial.br/', label: 'NETmundial+10' }],
  },
  {
    kind: 'event_attended',
    title: 'WSIS+20 Forum High-Level Event 2024',
    start: '2024-05-27',
    end: '2024-05-31',
    place: 'CICG, Geneva',
    status: 'done',
    confidentiality: 'public',
    memberStates: ['CH'],
    organisations: ['ITU', 'UNESCO', 'UNCTAD'],
    topics: [msm],
    notes: 'Co-hosted by ITU and Switzerland; the team followed the sessions on the WSIS+20 review.',
    links: [{ url: 'https://www.itu.int/net4/wsis/forum/2024/', label: 'WSIS+20 Forum High-Level Event 2024' }],
  },
  {
    kind: 'event_attended',
    title: 'Internet Governance Forum 2024',
    start: '2024-12-15',
    end: '2024-12-19',
    place: 'Riyadh',
    online: true,
    status: 'done',
    confidentiality: 'public',
    memberStates: ['SA'],
    organisations: ['IGF Secretariat', 'UN DESA'],
    topics: [msm, technical],
    members: 2,
    notes: 'The nineteenth IGF, "Building our Multistakeholder Digital Future".',
    links: [{ url: 'https://www.intgovforum.org/', label: 'IGF 2024' }],
  },
  {
    kind: 'event_attended',
    title: 'CSTD, twenty-eighth session',
    start: '2025-04-07',
    end: '2025-04-11',
    place: 'Palais des Nations, Geneva',
    status: 'done',
    confidentiality: 'public',
    memberStates: ['CH', 'GM'],
    organisations: ['CSTD', 'UNCTAD'],
    topics: [msm],
    notes: 'The Commission agreed its report on twenty years of implementing the outcomes of the Summit.',
    links: [{ url: 'https://unctad.org/topic/commission-on-science-and-technology-for-development', label: 'CSTD at UNCTAD' }],
  },
  {
    kind: 'speaking_slot',
    title: 'Internet Governance Forum 2025',
    start: '2025-06-23',
    end: '2025-06-27',
    place: 'Lillestrøm',
    online: true,
    status: 'done',
    confidentiality: 'public',
    memberStates: ['NO'],
    organisations: ['IGF Secretariat', 'UN DESA'],
    topics: [msm, technical],
    notes: 'The twentieth IGF. The team spoke on the success stories of the technical community: **IDNs** and **new gTLDs**.',
    links: [{ url: 'https://www.intgovforum.org/', label: 'IGF 2025' }],
  },
  {
    kind: 'event_attended',
    title: 'WSIS+20 High-Level Event 2025',
    start: '2025-07-07',
    end: '2025-07-11',
    place: 'Palexpo, Geneva',
    status: 'done',
    confidentiality: 'public',
    memberStates: ['CH', 'ZA'],
    organisations: ['ITU', 'UNESCO', 'UNCTAD'],
    topics: [msm],
    members: 1,
    notes: 'Held with the AI for Good Global Summit; the Chair’s Summary called the WSIS Forum and the IGF indispensable.',
    links: [{ url: 'https://www.itu.int/net4/wsis/forum/2025/', label: 'WSIS+20 High-Level Event 2025' }],
  },
  {
    kind: 'event_attended',
    title: 'General Assembly high-level meeting on the overall review of WSIS',
    start: '2025-12-16',
    end: '2025-12-17',
    place: 'United Nations Headquarters, New York',
    online: true,
    status: 'done',
    confidentiality: 'public',
    memberStates: ['KE', 'AL'],
    organisations: ['UNGA co-facilitators of the WSIS+20 review', 'UN DESA'],
    topics: [msm],
    notes: 'The General Assembly adopted the outcome document of the WSIS+20 review; the IGF becomes a permanent forum.',
  },
  // The team's own work (synthetic), counted from the day the demo is seeded.
  {
    kind: 'bilateral_meeting',
    title: 'Meeting with the Permanent Mission of Brazil in Geneva',
    start: { daysFromNow: -75 },
    place: 'Geneva',
    status: 'done',
    confidentiality: 'internal',
    memberStates: ['BR'],
    organisations: [],
    topics: [msm],
    members: 2,
    notes: 'The mission asked for a briefing on the IGF’s permanent mandate and its funding.',
  },
  {
    kind: 'bilateral_meeting',
    title: 'Meeting with the Permanent Mission of Kenya in New York',
    start: { daysFromNow: -130 },
    place: 'New York',
    status: 'done',
    confidentiality: 'internal',
    memberStates: ['KE'],
    organisations: [],
    topics: [msm, technical],
    members: 2,
    notes: 'Follow-up of the review: how the technical community can support the outcome’s implementation.',
  },
  {
    kind: 'bilateral_meeting',
    title: 'Meeting with the Permanent Mission of India',
    start: { daysFromNow: 12 },
    place: 'Geneva',
    status: 'planned',
    confidentiality: 'internal',
    memberStates: ['IN'],
    organisations: [],
    topics: [technical],
    notes: '',
  },
  {
    kind: 'regional_engagement',
    title: 'Regional briefing for the African Group',
    start: { daysFromNow: -220 },
    place: 'Addis Ababa',
    online: true,
    status: 'done',
    confidentiality: 'board',
    memberStates: ['ET', 'NG', 'SN', 'RW'],
    organisations: ['African Union Commission'],
    topics: [technical],
    members: 3,
    notes: 'Universal Acceptance and IDNs in African languages.',
  },
  {
    kind: 'diplomat_briefing',
    title: 'Briefing for Geneva-based diplomats: the IGF after WSIS+20',
    start: { daysFromNow: 26 },
    place: 'Geneva',
    online: true,
    status: 'planned',
    confidentiality: 'board',
    memberStates: ['FR', 'DE', 'JP', 'MX'],
    organisations: [],
    topics: [msm],
    notes: '',
  },
  {
    kind: 'submission',
    title: 'Contribution to the Secretary-General’s annual report on WSIS implementation',
    start: { daysFromNow: -10 },
    place: '',
    online: true,
    status: 'ongoing',
    confidentiality: 'public',
    memberStates: [],
    organisations: ['CSTD', 'UNCTAD'],
    topics: [msm, technical],
    notes: 'Draft in the team folder; the technical community’s section is being reviewed.',
    submission: {
      externalBody: 'CSTD secretariat (UNCTAD)',
      consultation: 'Annual report on WSIS implementation',
      deadline: { daysFromNow: 18 },
      status: 'drafting',
    },
  },
  {
    kind: 'submission',
    title: 'Written input to the IGF Multistakeholder Advisory Group consultation',
    start: { daysFromNow: -40 },
    place: '',
    online: true,
    status: 'done',
    confidentiality: 'public',
    memberStates: [],
    organisations: ['IGF Secretariat'],
    topics: [msm],
    notes: '',
    submission: { externalBody: 'IGF Secretariat', consultation: 'Taking stock of the IGF', deadline: { daysFromNow: -30 }, status: 'submitted' },
  },
];

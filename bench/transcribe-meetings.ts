// Generated meetings for `npm run bench:transcribe`: different flite voices and sentences, so WER
// parity with the raw engine is checked on more than one recording.
import type { Turn } from '../src/core/audio/testing/speech';

export interface BenchMeeting {
  name: string;
  voices: { me: string; them: string };
  turns: Turn[];
}

export const MEETINGS: BenchMeeting[] = [
  {
    name: 'sales call (rms/slt)',
    voices: { me: 'rms', them: 'slt' },
    turns: [
      { speaker: 'me', text: 'Good morning and thank you for taking the time to talk with us today.' },
      { speaker: 'them', text: 'Thanks for having me. I would like to understand how the product works.' },
      { speaker: 'me', text: 'Of course. It records the meeting and writes the notes for you.' },
      { speaker: 'them', text: 'That sounds useful. What does it cost for a small team?' },
      { speaker: 'me', text: 'The basic plan is twenty dollars per person each month.' },
      { speaker: 'them', text: 'Can we try it for a week before we decide?' },
      { speaker: 'me', text: 'Yes, the trial is free and you can cancel at any time.' },
      { speaker: 'them', text: 'Great. Please send me the contract and the security report.' },
      { speaker: 'me', text: 'I will send both documents this afternoon.' },
      { speaker: 'them', text: 'Perfect. Let us talk again next Tuesday.' },
    ],
  },
  {
    name: 'project sync (slt/awb)',
    voices: { me: 'slt', them: 'awb' },
    turns: [
      { speaker: 'me', text: 'Let us start with the status of the new release.' },
      { speaker: 'them', text: 'The build passed last night and the testers found two small problems.' },
      { speaker: 'me', text: 'How long will it take to fix them?' },
      { speaker: 'them', text: 'About two days if nothing else comes up this week.' },
      { speaker: 'me', text: 'Then we can ship on Friday as we planned.' },
      { speaker: 'them', text: 'I think so, but the customer wants a demo first.' },
      { speaker: 'me', text: 'I can prepare the demo tomorrow morning.' },
      { speaker: 'them', text: 'Good. I will tell the team and update the schedule.' },
      { speaker: 'me', text: 'Please also ask about the budget for next year.' },
      { speaker: 'them', text: 'I will write to the finance office today.' },
    ],
  },
  {
    name: 'support call (kal/rms)',
    voices: { me: 'kal', them: 'rms' },
    turns: [
      { speaker: 'them', text: 'Hello, I am calling because my account is locked.' },
      { speaker: 'me', text: 'I am sorry to hear that. Can you tell me your email address?' },
      { speaker: 'them', text: 'It is the one I used when I signed up last year.' },
      { speaker: 'me', text: 'I found your account. It was locked after too many attempts.' },
      { speaker: 'them', text: 'What should I do to open it again?' },
      { speaker: 'me', text: 'I will send you a link to reset your password.' },
      { speaker: 'them', text: 'Thank you. I will check my mail right now.' },
      { speaker: 'me', text: 'Is there anything else I can help you with today?' },
      { speaker: 'them', text: 'No, that is all. Have a nice day.' },
    ],
  },
];

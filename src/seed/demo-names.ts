/** Word lists for the demo data set: plain data, no logic. */

export const FIRST_NAMES = [
  'Anna', 'Lena', 'Sophie', 'Marie', 'Julia', 'Laura', 'Katharina', 'Sarah', 'Lisa', 'Hannah',
  'Johanna', 'Clara', 'Paula', 'Franziska', 'Miriam', 'Sabine', 'Petra', 'Ines', 'Elif', 'Agnieszka',
  'Chiara', 'Ana', 'Eva', 'Nina', 'Jana',
  'Lukas', 'Jonas', 'Felix', 'Maximilian', 'Paul', 'Leon', 'Tobias', 'Florian', 'Sebastian', 'Jan',
  'Stefan', 'Markus', 'Thomas', 'Michael', 'Daniel', 'Matthias', 'Niklas', 'David', 'Emre', 'Tomasz',
  'Luca', 'Mateo', 'Pieter', 'Lars', 'Andreas',
] as const;

export const LAST_NAMES = [
  'Schmidt', 'Müller', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann',
  'Schäfer', 'Koch', 'Bauer', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann',
  'Braun', 'Krüger', 'Hofmann', 'Hartmann', 'Lange', 'Schmitt', 'Werner', 'Krause', 'Meier', 'Lehmann',
  'Köhler', 'Huber', 'Kaiser', 'Fuchs', 'Peters', 'Lang', 'Scholz', 'Möller', 'Weiß', 'Jung',
  'Hahn', 'Vogel', 'Keller', 'Günther', 'Berger', 'Frank', 'Roth', 'Beck', 'Lorenz', 'Baumann',
  'Yılmaz', 'Kowalski', 'Nowak', 'Rossi', 'García', 'de Vries', 'Jansen', 'Novák', 'Öztürk', 'Dubois',
] as const;

export const INDUSTRIES = [
  'Logistik', 'Bau', 'Elektrotechnik', 'Maschinenbau', 'Immobilien', 'Steuerberatung', 'Druckerei',
  'Haustechnik', 'Autohaus', 'Gebäudereinigung', 'Medizintechnik', 'Software', 'Spedition', 'Metallbau',
  'Getränkehandel', 'Hotel', 'Zahnarztpraxis', 'Bäckerei', 'Catering', 'Verpackung',
] as const;

export const LEGAL_FORMS = ['GmbH', 'GmbH & Co. KG', 'AG', 'KG', 'e.K.', 'OHG', 'UG (haftungsbeschränkt)'] as const;

export const DO_NOT_CALL_REASONS = [
  'Objected to marketing calls (GDPR Art. 21)',
  'Asked to be contacted by e-mail only',
  'Complaint about call frequency',
  'Company closed',
  'Wrong number: private person',
] as const;

export const LOST_REASONS = [
  'Chose a competitor',
  'Budget not approved',
  'No decision maker reachable',
  'Price too high',
  'Project postponed',
  'No longer interested',
] as const;

export const CALLBACK_REASONS = [
  'Client asked for a callback',
  'Callback: decision maker back from holiday',
  'Callback: discuss revised offer',
  'Missed inbound call: call back',
] as const;

export const REMINDER_REASONS = [
  'Send proposal follow-up',
  'Check budget approval status',
  'Confirm meeting agenda',
  'Ask for signed contract',
] as const;

"""NAV's general contact facts, the one home of the phone number every text and office default uses."""

NAV_PHONE = "55 55 33 33"
NAV_PHONE_TEL = "+47" + NAV_PHONE.replace(" ", "")

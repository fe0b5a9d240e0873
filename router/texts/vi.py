"""Vietnamese fixed texts (hand-written; NAV, phone numbers and {placeholders} kept as in nb)."""

TEXTS = {
    "greeting": "Xin chào! Tôi là chatbot của NAV. Tôi có thể trả lời các câu hỏi thường gặp và giúp bạn nộp đơn xin trợ cấp xã hội (økonomisk sosialhjelp). Bạn có thể yêu cầu nói chuyện với nhân viên tư vấn bất cứ lúc nào.",
    "bot_unavailable": "Chatbot hiện không trả lời được. Bạn có thể yêu cầu nói chuyện với nhân viên tư vấn tại đây, hoặc gọi NAV theo số +47 {phone} (ngày làm việc 09–15).",
    "offer_human": "Nói chuyện với nhân viên tư vấn",
    "queued": "Bạn đang xếp hàng chờ trò chuyện với nhân viên tư vấn của {enhet}. Bạn có thể viết tin nhắn trong khi chờ.",
    "queued_wait": "Chúng tôi thường trả lời trong khoảng {minutes} phút.",
    "veileder_joined": "{name} của NAV đã tiếp nhận cuộc trò chuyện.",
    "back_to_bot": "Cuộc trò chuyện đã được chuyển lại cho chatbot. Bạn có thể yêu cầu nhân viên tư vấn lại bất cứ lúc nào.",
    "closed": "Cuộc trò chuyện đã kết thúc. Cảm ơn bạn đã liên hệ với NAV.",
    "outside_hours": "Văn phòng hiện đã đóng cửa. Nhân viên tư vấn sẽ trả lời bạn {when}. Bạn có thể để lại tin nhắn tại đây.",
    "emergency_contacts": "Bạn cần giúp đỡ ngay bây giờ? Hãy gọi văn phòng NAV của bạn, hoặc gọi +47 {phone}. Ngoài giờ làm việc: liên hệ dịch vụ xã hội khẩn cấp (sosialvakten) hoặc phòng khám trực cấp cứu (legevakten) theo số 116 117. Nếu có nguy hiểm đến tính mạng: gọi 112 (cảnh sát) hoặc 113 (cấp cứu).",
    "translation_unavailable": "Rất tiếc, hiện chúng tôi không thể dịch tin nhắn viết sang ngôn ngữ của bạn. Bạn có thể viết bằng tiếng Na Uy hoặc tiếng Anh, hoặc gọi NAV theo số +47 {phone} và yêu cầu thông dịch viên.",
    "interpreter_info": "Bạn có quyền có thông dịch viên khi nói chuyện với NAV. Hãy cho chúng tôi biết bạn cần ngôn ngữ nào, nhân viên tư vấn sẽ đặt thông dịch viên cho buổi gặp hoặc cuộc gọi điện thoại.",
    "machine_translated": "dịch máy",
    "choose_language": "Bạn muốn viết bằng ngôn ngữ nào?",
    "veileder_unavailable": "Hiện không có nhân viên tư vấn nào rảnh. Bạn vẫn giữ chỗ của mình trong hàng chờ.",
    "too_long": "Tin nhắn quá dài. Vui lòng chia thành nhiều tin nhắn.",
    "message_saved_in_queue": 'Tin nhắn của bạn đã được lưu. Bạn đang ở vị trí số {position} trong hàng chờ, và tư vấn viên sẽ thấy mọi điều bạn viết khi tiếp nhận cuộc trò chuyện.',
    "language_name": "Tiếng Việt",
}

// The countdown on the exam page. The server keeps the real limit: an answer or a submission
// after it is refused whatever this clock shows.
(function () {
  const badge = document.getElementById("time-left");
  if (!badge) return;
  let seconds = parseInt(badge.dataset.seconds, 10) || 0;
  const show = () => {
    const minutes = Math.floor(seconds / 60);
    badge.textContent = `剩余时间 ${minutes}分${String(seconds % 60).padStart(2, "0")}秒`;
  };
  show();
  setInterval(() => {
    if (seconds > 0) seconds -= 1;
    show();
  }, 1000);
})();

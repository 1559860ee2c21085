from gradflow.book.batchnorm import bn_training, facts
from gradflow.book.language import label, number
from gradflow.plotting import figure, to_svg

run = bn_training(hidden_layers=15, width=64, steps=500, lr=0.1, batch_size=64)
steps = run["checkpoints"]
with figure(2, 1, height=5.4, sharex=True) as (fig, (top, bottom)):
    top.plot(steps, run["train_mode_accuracy"], "o-", ms=4, label=label(vi="chế độ huấn luyện", en="train mode"))
    top.plot(steps, run["eval_accuracy"], "s--", ms=4, label=label(vi="chế độ suy luận", en="eval mode"))
    top.set_ylabel(label(vi="độ chính xác", en="accuracy"))
    top.set_ylim(0, 1)
    top.legend(loc="upper left")
    bottom.semilogy(steps, run["running_var_error"], "D-", ms=4, color="#009E73")
    bottom.set_ylabel(label(vi="sai số tương đối của\nphương sai trượt", en="relative error of\nthe running variance"))
    bottom.set_xscale("symlog", linthresh=10)
    bottom.set_xlim(0, 520)
    bottom.set_xticks([0, 5, 10, 20, 50, 100, 200, 500])
    bottom.set_xticklabels(["0", "5", "10", "20", "50", "100", "200", "500"])
    bottom.set_xlabel(label(vi="bước SGD", en="SGD step"))
# the numbers the page's prose quotes, from this same run
known = facts()
hidden, guess_until, converged = known["hidden_layers"], known["guess_until"], known["converged_step"]
guess_accuracy, converged_error = number(known["guess_accuracy"], ".0f"), number(known["converged_var_error"], ".0f")
first_error = number(100 * run["running_var_error"][0], ".0f")
print(to_svg(fig, decimal_mark=label(vi=",", en="."), alt=label(
    vi=f"Mạng sigmoid {hidden} tầng ẩn có chuẩn hóa theo batch trong lúc huấn luyện. Trên: độ chính xác trên tập huấn "
       f"luyện ở chế độ huấn luyện tăng dần ngay từ đầu, còn ở chế độ suy luận thì đứng yên ở {guess_accuracy}% cho tới "
       f"bước {guess_until} rồi bắt kịp từ khoảng bước {converged}. Dưới, thang log: sai số tương đối của phương sai trượt "
       f"giảm từ {first_error}% lúc đầu xuống {converged_error}% ở bước {converged} và chỉ còn vài phần trăm sau đó.",
    en=f"A sigmoid net with {hidden} hidden layers and batch norm during training. Top: training-set accuracy in train "
       f"mode rises from the start, while in eval mode it stays at {guess_accuracy}% until step {guess_until} and "
       f"catches up from about step {converged}. Bottom, log scale: the relative error of the running variance falls "
       f"from {first_error}% at the start to {converged_error}% at step {converged} and a few percent after that.")))
